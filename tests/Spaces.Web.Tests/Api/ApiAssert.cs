using System.Net;
using System.Text.Json;

namespace Spaces.Web.Tests.Api;

/// <summary>Checks on API answers that print the body when the status is not the expected one.</summary>
public static class ApiAssert
{
    public static async Task<JsonElement> StatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A refusal: the status and an error message containing <paramref name="messagePart"/>.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpStatusCode expected, HttpResponseMessage response, string messagePart)
    {
        var json = await StatusAsync(expected, response);
        Assert.Contains(messagePart, json.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        return json;
    }
}
