# The ASP.NET Core runtime image built offline: only the host, the shared frameworks and the muxer.
ARG BASE=spaces/base:bookworm
FROM ${BASE}
COPY dotnet LICENSE.txt ThirdPartyNotices.txt /usr/share/dotnet/
COPY host /usr/share/dotnet/host/
COPY shared/Microsoft.NETCore.App /usr/share/dotnet/shared/Microsoft.NETCore.App/
COPY shared/Microsoft.AspNetCore.App /usr/share/dotnet/shared/Microsoft.AspNetCore.App/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    ASPNETCORE_HTTP_PORTS=8080
