# Build with the SDK, run on the ASP.NET runtime image. The build steps are the commands .ci/run proves:
# `dotnet publish src/WebhookFirewall -c Release -o <dir>` then `validate` against the shipped sample config.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/WebhookFirewall -c Release -o /app \
 && dotnet /app/WebhookFirewall.dll validate --config /app/sample/firewall.json

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# /app/config: your firewall.json, mounted read-only (the image holds none: it refuses to start without one rather
# than serve the sample). /app/data: the SQLite spool and anything else that must survive a restart, owned by the
# non-root user the process runs as.
RUN mkdir -p /app/config /app/data && chown app:app /app/data
VOLUME ["/app/config", "/app/data"]
# ManagementUrl must be an IP literal: 0.0.0.0 so the published port reaches it. Publish 9090 on the host's loopback
# only, or set WebhookFirewall__ManagementToken: the delivery API is refused off-loopback without a token.
ENV Urls=http://+:8080 \
    WebhookFirewall__ManagementUrl=http://0.0.0.0:9090 \
    DOTNET_USE_POLLING_FILE_WATCHER=true
# Socket completions run on the socket engine's threads, and Kestrel (WebhookFirewall:InlineScheduling follows this
# switch) runs each request there too, instead of handing every step to the thread pool: about a quarter less CPU per
# request (load-tests/results/2026-12-01T1446-settings.md). With it on, the runtime starts one engine thread per core
# the container may use (Environment.ProcessorCount); DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT overrides that. Only
# safe because nothing on the request path blocks: see the README, "Runtime settings". Environment-only: the runtime
# reads it from nowhere else.
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
EXPOSE 8080 9090
# The image's built-in non-root user.
USER app
# No curl in the runtime image: the binary checks its own management listener.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["dotnet", "/app/WebhookFirewall.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/WebhookFirewall.dll"]
CMD ["--config", "/app/config/firewall.json"]
