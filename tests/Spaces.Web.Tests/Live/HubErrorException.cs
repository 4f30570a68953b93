namespace Spaces.Web.Tests.Live;

/// <summary>A hub invocation or stream ended with an error message.</summary>
internal sealed class HubErrorException(string message) : Exception(message);
