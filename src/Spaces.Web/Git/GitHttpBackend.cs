using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Spaces.Core.Repositories;

namespace Spaces.Web.Git;

/// <summary>How one run of <c>git http-backend</c> ended.</summary>
/// <param name="Status">The HTTP status the backend answered (or the platform answered for it).</param>
/// <param name="ExitCode">The process exit code; -1 when it was killed or never finished.</param>
/// <param name="Aborted">The client went away before the backend finished; the process was killed.</param>
internal sealed record GitBackendResult(int Status, int ExitCode, bool Aborted)
{
    /// <summary>The backend answered 200 and exited cleanly.</summary>
    public bool Succeeded => Status == StatusCodes.Status200OK && ExitCode == 0 && !Aborted;
}

/// <summary>
/// Runs the real <c>git http-backend</c> as a CGI process for one request: the request body streams to its stdin, its CGI headers become
/// the response's status and headers, and the rest of its stdout streams to the client. Nothing is buffered whole; the process (and its
/// children) are killed when the client disconnects.
/// </summary>
internal sealed partial class GitHttpBackend(string projectRoot, ILogger logger)
{
    /// <summary>Largest request body accepted (a push), in line with the default per-repository limit of 5 GiB.</summary>
    public const long MaxRequestBytes = 5L * 1024 * 1024 * 1024;

    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxStderrChars = 4096;

    /// <summary>
    /// Serves <paramref name="http"/> from the bare repository <paramref name="repoDirectory"/> (a folder name under the project root)
    /// at <paramref name="pathInRepo"/> (<c>/info/refs</c>, <c>/git-upload-pack</c> or <c>/git-receive-pack</c>).
    /// </summary>
    public async Task<GitBackendResult> RunAsync(HttpContext http, string repoDirectory, string pathInRepo, Actor? actor)
    {
        var aborted = http.RequestAborted;
        AllowLargeBody(http);

        using var process = new Process { StartInfo = StartInfo(http, "/" + repoDirectory + pathInRepo, actor) };
        try
        {
            process.Start();
        }
        catch (Win32Exception failure)
        {
            Log.CouldNotStart(logger, failure.Message);
            return await FailAsync(http, "git is not available on the server.", exitCode: -1);
        }

        var stderr = ReadTailAsync(process.StandardError);
        await using var kill = aborted.Register(() => Kill(process));
        var pumpBody = PumpRequestBodyAsync(http.Request.Body, process, pathInRepo, aborted);
        try
        {
            var status = await CopyResponseAsync(process.StandardOutput.BaseStream, http.Response, aborted);
            await pumpBody;
            await process.WaitForExitAsync(aborted);
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                Log.BackendFailed(logger, pathInRepo, process.ExitCode, errors);
            }

            if (status is null)
            {
                return await FailAsync(http, "git http-backend answered without CGI headers.", process.ExitCode);
            }

            return new GitBackendResult(status.Value, process.ExitCode, Aborted: false);
        }
        catch (Exception failure) when (aborted.IsCancellationRequested && failure is OperationCanceledException or IOException)
        {
            Log.ClientGone(logger, pathInRepo);
            Kill(process);
            await ObserveAsync(pumpBody);
            await ObserveAsync(stderr);
            return new GitBackendResult(http.Response.StatusCode, ExitCode: -1, Aborted: true);
        }
        finally
        {
            Kill(process);
        }
    }

    private ProcessStartInfo StartInfo(HttpContext http, string pathInfo, Actor? actor)
    {
        var request = http.Request;
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("http-backend");

        var environment = start.Environment;
        // The platform's own git settings (GIT_DIR and friends) must not leak into the backend.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key);
        }

        environment["GIT_PROJECT_ROOT"] = projectRoot;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["PATH_INFO"] = pathInfo;
        environment["REQUEST_METHOD"] = request.Method;
        environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        environment["CONTENT_TYPE"] = request.ContentType ?? "";
        environment["REMOTE_ADDR"] = http.Connection.RemoteIpAddress?.ToString() ?? "";
        environment["SERVER_PROTOCOL"] = request.Protocol;
        if (request.ContentLength is { } length)
        {
            // Without it (chunked bodies) the backend reads its stdin to the end.
            environment["CONTENT_LENGTH"] = length.ToString(CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 and <= 256 } protocol && protocol.All(c => c is >= ' ' and <= '~'))
        {
            environment["GIT_PROTOCOL"] = protocol;
        }

        if (actor is not null)
        {
            environment["REMOTE_USER"] = actor.User.Name;
        }

        return start;
    }

    // Streams the request body into the backend, then closes its stdin; a backend that stops reading early is not an error. A body
    // that breaks off (too large, malformed chunking) stops the backend, so a truncated push is never processed.
    private async Task PumpRequestBodyAsync(Stream body, Process process, string pathInRepo, CancellationToken cancellationToken)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            await body.CopyToAsync(stdin, cancellationToken);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // Broken pipe: the backend exited without reading everything (it answers with its own status).
        }
        catch (BadHttpRequestException bad)
        {
            Log.BadBody(logger, pathInRepo, bad.Message);
            Kill(process);
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // Already gone.
            }
        }
    }

    // Parses the CGI header block, applies it to the response, then streams the rest. Null when stdout ended before the headers did.
    private static async Task<int?> CopyResponseAsync(Stream stdout, HttpResponse response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeaderBytes];
        var filled = 0;
        CgiHeaders? headers = null;
        while (headers is null)
        {
            if (filled == buffer.Length)
            {
                throw new InvalidDataException($"git http-backend sent more than {MaxHeaderBytes} bytes of headers.");
            }

            var read = await stdout.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            filled += read;
            headers = CgiHeaders.TryParse(buffer.AsSpan(0, filled));
        }

        response.StatusCode = headers.Status;
        foreach (var (name, value) in headers.Fields)
        {
            response.Headers.Append(name, value);
        }

        await response.StartAsync(cancellationToken);
        if (filled > headers.Length)
        {
            await response.Body.WriteAsync(buffer.AsMemory(headers.Length, filled - headers.Length), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        // Flushing every chunk lets progress (side-band) messages reach the client as they are written.
        int chunk;
        while ((chunk = await stdout.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await response.Body.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        return headers.Status;
    }

    private static async Task<string> ReadTailAsync(StreamReader stderr)
    {
        var text = await stderr.ReadToEndAsync();
        return text.Length <= MaxStderrChars ? text.Trim() : text[^MaxStderrChars..].Trim();
    }

    private static async Task<GitBackendResult> FailAsync(HttpContext http, string message, int exitCode)
    {
        if (!http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(message + "\n");
        }

        return new GitBackendResult(StatusCodes.Status500InternalServerError, exitCode, Aborted: false);
    }

    private static void AllowLargeBody(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                // http-backend runs upload-pack/receive-pack as children: end them too.
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        catch (Win32Exception)
        {
            // Exited meanwhile.
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception failure) when (failure is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The request is over; nothing to report to anyone.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not start git http-backend: {Reason}")]
        public static partial void CouldNotStart(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "git http-backend for {Path} exited with {ExitCode}: {Errors}")]
        public static partial void BackendFailed(ILogger logger, string path, int exitCode, string errors);

        [LoggerMessage(3, LogLevel.Information, "Client went away during {Path}; git http-backend was stopped")]
        public static partial void ClientGone(ILogger logger, string path);

        [LoggerMessage(4, LogLevel.Warning, "Request body for {Path} broke off ({Reason}); git http-backend was stopped")]
        public static partial void BadBody(ILogger logger, string path, string reason);
    }
}
