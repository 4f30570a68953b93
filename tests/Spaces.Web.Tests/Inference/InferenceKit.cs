using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Inference;

/// <summary>Model repos for the inference API tests: real ONNX files from Debian's libonnx-testdata and the asset cache.</summary>
internal static class InferenceKit
{
    public const string TestData = "/usr/share/libonnx-testdata/data";

    /// <summary>A libonnx-testdata model file; fails with how to install the package when missing.</summary>
    public static byte[] TestModel(string testCase)
    {
        var path = Path.Combine(TestData, testCase, "model.onnx");
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's libonnx-testdata (apt-get install libonnx-testdata, done by scripts/test).");
        return File.ReadAllBytes(path);
    }

    /// <summary>Creates the model repo <c>owner/name</c> holding <paramref name="files"/>; returns the commit.</summary>
    public static async Task<string> CreateModelAsync(HttpClient client, string owner, string name, bool isPrivate, params (string Path, byte[] Content)[] files)
    {
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.PostAsJsonAsync("/api/repos/create", new { name, type = "model", @private = isPrivate }));
        return await UploadAsync(client, $"{owner}/{name}", files);
    }

    /// <summary>Commits <paramref name="files"/> to main; returns the new commit.</summary>
    public static async Task<string> UploadAsync(HttpClient client, string id, params (string Path, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (path, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", path);
        }

        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.PostAsync($"/api/models/{id}/upload/main", form));
        return answer.GetProperty("commitOid").GetString()!;
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static object Input(string name, string datatype, long[] shape, object data) => new { name, datatype, shape, data };

    public static float[] Floats(JsonElement output) => [.. output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];

    public static long[] Shape(JsonElement tensor) => [.. tensor.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];

    public static JsonElement Output(JsonElement answer, string name) =>
        answer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);
}
