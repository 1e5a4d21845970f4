# The loggrains image: the silo and the operator's CLI verbs in one executable, on ASP.NET's chiseled runtime (no
# shell, no package manager, non-root). Build from the repository root: docker build -t loggrains .
# tests/LogGrains.Deploy.Tests/Container runs the publish command below, exactly as written, and starts the result.

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src

# Project files first, so that a code change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Directory.Build.props src/
COPY src/LogGrains.Core/LogGrains.Core.csproj src/LogGrains.Core/
COPY src/LogGrains.Abstractions/LogGrains.Abstractions.csproj src/LogGrains.Abstractions/
COPY src/LogGrains.Grains/LogGrains.Grains.csproj src/LogGrains.Grains/
COPY src/LogGrains.Aws/LogGrains.Aws.csproj src/LogGrains.Aws/
COPY src/LogGrains.Local/LogGrains.Local.csproj src/LogGrains.Local/
COPY src/LogGrains.Orleans.DynamoDB/LogGrains.Orleans.DynamoDB.csproj src/LogGrains.Orleans.DynamoDB/
COPY src/LogGrains.Cli/LogGrains.Cli.csproj src/LogGrains.Cli/
COPY src/LogGrains.Silo/LogGrains.Silo.csproj src/LogGrains.Silo/
# The ReadyToRun compiler and runtime packs are restored here too, so the publish below downloads nothing.
RUN dotnet restore src/LogGrains.Silo/LogGrains.Silo.csproj -r linux-x64 -p:PublishReadyToRun=true

COPY src/ src/
# ReadyToRun: the assemblies carry native code, so a new silo does not spend its first objects in the JIT
# (docs/PERFORMANCE.md, "Start-up with ReadyToRun"). Keep this command on one line: the container test reads it.
RUN dotnet publish src/LogGrains.Silo/LogGrains.Silo.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The app listens on LogGrains__Web__Port (8080) itself; the image's own default would only log that it is overridden.
ENV ASPNETCORE_HTTP_PORTS=""
# The chiseled image's "app" user (UID 1654), by number so that Kubernetes' runAsNonRoot can verify it.
USER $APP_UID
# Web (probes, /metrics, tenants page), Orleans silo-to-silo, Orleans gateway.
EXPOSE 8080 11111 30000
ENTRYPOINT ["/app/loggrains"]
