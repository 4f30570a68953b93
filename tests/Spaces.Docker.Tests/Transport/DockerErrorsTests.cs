using System.Net;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Tests.Transport;

public sealed class DockerErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, typeof(DockerNotFoundException))]
    [InlineData(HttpStatusCode.Conflict, typeof(DockerConflictException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(DockerBadRequestException))]
    [InlineData(HttpStatusCode.InternalServerError, typeof(DockerServerException))]
    [InlineData(HttpStatusCode.ServiceUnavailable, typeof(DockerServerException))]
    [InlineData(HttpStatusCode.Forbidden, typeof(DockerException))]
    public void Statuses_become_typed_errors_carrying_the_engine_message(HttpStatusCode status, Type expected)
    {
        var error = DockerErrors.FromResponse(status, "{\"message\":\"the engine says no\"}");

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("the engine says no", error.EngineMessage);
        Assert.Equal("the engine says no", error.Message);
    }

    [Fact]
    public void A_non_json_body_is_kept_as_the_message()
    {
        var error = DockerErrors.FromResponse(HttpStatusCode.NotFound, "page not found\n");

        Assert.Equal("page not found", error.EngineMessage);
    }

    [Fact]
    public void A_refused_gpu_request_is_its_own_error()
    {
        var error = DockerErrors.FromResponse(
            HttpStatusCode.InternalServerError, "{\"message\":\"could not select device driver \\\"\\\" with capabilities: [[gpu]]\"}");

        var gpu = Assert.IsType<DockerGpuUnavailableException>(error);
        Assert.Contains("cannot give this container a GPU", gpu.Message, StringComparison.Ordinal);
        Assert.Contains("could not select device driver", gpu.Message, StringComparison.Ordinal);
    }
}
