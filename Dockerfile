# Build with the SDK, run on the ASP.NET runtime image. The build steps are the commands .ci/run proves:
# `dotnet publish src/WebhookFirewall -c Release -o <dir>` then `validate` against the shipped sample config.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/WebhookFirewall -c Release -o /app \
 && dotnet /app/WebhookFirewall.dll validate --config /app/config/firewall.json

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Mount your own config over /app/config; give secrets through the environment (or --secrets-dir).
VOLUME /app/config
ENV Urls=http://+:8080 \
    WebhookFirewall__ManagementUrl=http://+:9090 \
    DOTNET_USE_POLLING_FILE_WATCHER=true
EXPOSE 8080 9090
# The image's built-in non-root user.
USER app
# No curl in the runtime image: the binary checks its own management listener.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["dotnet", "/app/WebhookFirewall.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/WebhookFirewall.dll", "--config", "/app/config/firewall.json"]
