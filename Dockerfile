# The platform's own image. Multi-stage: publish in the SDK image, run on the ASP.NET Core image.
# Offline (this machine): scripts/build-image passes our base images and a local NuGet feed, and builds with --network none.
# With a registry: docker build -t spaces . (Microsoft's published images, packages from NuGet).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY templates/ templates/
COPY spaces/ spaces/
# Third-party browser files and (offline builds) the NuGet feed; scripts/build-image fills both, either may be empty.
COPY .cache/assets/ .cache/assets/
COPY .cache/nuget-feed/ .cache/nuget-feed/
RUN set -eu; \
    if ls .cache/nuget-feed/*.nupkg >/dev/null 2>&1; then source="--source /src/.cache/nuget-feed"; else source=""; fi; \
    dotnet publish src/Spaces.Web/Spaces.Web.csproj -c Release -o /app --nologo $source -p:SPACES_ASSETS_DIR=/src/.cache/assets

FROM ${RUNTIME_IMAGE}
# Repositories are served with the git CLI: our offline base image has it; Microsoft's runtime image gets it from apt.
RUN command -v git >/dev/null || (apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*)
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_ENVIRONMENT=Production \
    SPACES_URLS=http://0.0.0.0:5080 \
    SPACES_DATA_DIR=/data
VOLUME /data
EXPOSE 5080
# The host's engine is reached through a mounted socket: docker run -v /var/run/docker.sock:/var/run/docker.sock ...
ENTRYPOINT ["dotnet", "Spaces.Web.dll"]
