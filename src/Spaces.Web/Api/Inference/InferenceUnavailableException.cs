namespace Spaces.Web.Api.Inference;

/// <summary>The server cannot run models now (the native runtime is missing): 503.</summary>
internal sealed class InferenceUnavailableException(string message) : Exception(message);
