using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Spaces.Web.Tests.Api;

/// <summary>Requests and archives the repository file tests build on.</summary>
internal static class RepoFilesKit
{
    public static async Task CreateSpaceAsync(HttpClient client, string name, bool isPrivate = false) =>
        await ApiAssert.StatusAsync(HttpStatusCode.OK,
            await client.PostAsJsonAsync("/api/repos/create", new { name, type = "space", sdk = "static", @private = isPrivate }));

    public static async Task<string> HeadAsync(HttpClient client, string id) =>
        (await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.GetAsync($"/api/spaces/{id}"))).GetProperty("sha").GetString()!;

    public static async Task<string[]> FilesAsync(HttpClient client, string id) =>
        [.. (await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.GetAsync($"/api/spaces/{id}/tree/main?recursive=true")))
            .EnumerateArray().Select(e => e.GetProperty("path").GetString()!).Order(StringComparer.Ordinal)];

    public static async Task<string> ReadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return body;
    }

    public static MultipartFormDataContent Form(IEnumerable<(string Field, string Value)> fields, params (string Field, string FileName, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        foreach (var (field, fileName, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, field, fileName);
        }

        return form;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static StringContent Ndjson(string? parentCommit, params object[] operations)
    {
        var lines = new List<string>
        {
            JsonSerializer.Serialize(new { key = "header", value = new { summary = "API commit", description = "from a test", parentCommit } }),
        };
        lines.AddRange(operations.Select(o => JsonSerializer.Serialize(o)));
        return new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
    }

    public static object NdjsonFile(string path, string content) =>
        new { key = "file", value = new { path, content = Convert.ToBase64String(Utf8(content)), encoding = "base64" } };

    public static object NdjsonDelete(string path) => new { key = "deletedFile", value = new { path } };

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] TarGz(params TarEntry[] entries)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry TarFile(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Utf8(content)) };

    /// <summary>The upload staging folder holds nothing once a request is over (refused or not).</summary>
    public static void AssertNothingStaged(SpacesWebFactory factory)
    {
        var staging = Path.Combine(factory.DataDir, "tmp", "uploads");
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any(),
            $"staged upload files were left behind: {string.Join(", ", Directory.Exists(staging) ? Directory.EnumerateFileSystemEntries(staging) : [])}");
    }
}
