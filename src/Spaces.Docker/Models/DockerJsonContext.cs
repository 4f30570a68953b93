using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>Source-generated JSON metadata for every engine model (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(BuildProgress))]
[JsonSerializable(typeof(ImageInspectResponse))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(List<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(ImagesPruneResponse))]
[JsonSerializable(typeof(CreateContainerParameters))]
[JsonSerializable(typeof(CreateContainerResponse))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerStatsResponse))]
[JsonSerializable(typeof(NetworkCreateParameters))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(NetworkResponse))]
[JsonSerializable(typeof(List<NetworkResponse>))]
[JsonSerializable(typeof(NetworkConnectParameters))]
[JsonSerializable(typeof(NetworkDisconnectParameters))]
[JsonSerializable(typeof(VolumeCreateParameters))]
[JsonSerializable(typeof(VolumeResponse))]
[JsonSerializable(typeof(VolumesListResponse))]
[JsonSerializable(typeof(PruneResponse))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
