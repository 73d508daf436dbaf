# Builds the `portfolio` server; used by docker-compose.yml.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p portfolio-server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/portfolio portfolio \
    && mkdir -p /var/lib/portfolio && chown portfolio /var/lib/portfolio
COPY --from=build /src/target/release/portfolio /usr/local/bin/portfolio
USER portfolio
WORKDIR /var/lib/portfolio
ENV PORTFOLIO_LISTEN=0.0.0.0:8000 \
    PORTFOLIO_LOG_FORMAT=json
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
ENTRYPOINT ["portfolio"]
CMD ["serve"]
