namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>The outcome of a settings form, shown in its section.</summary>
public sealed record SettingsMessage(string Section, string Text, bool IsError);
