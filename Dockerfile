# The twin-preflight image the Kubernetes Job (deploy/kubernetes/twin-batch-job.yaml) and the CI-matrix example run.
# Build the package first, then the image (from the repository's root):
#
#   bash scripts/package-deb.sh
#   docker build -t registry.example/twin-preflight:0.1.0 -t registry.example/twin-preflight:latest .
#   docker push registry.example/twin-preflight:0.1.0 && docker push registry.example/twin-preflight:latest
#
# The install is scripts/install-in-root.sh, the same script the clean-root test runs in a debootstrap minbase root.
FROM debian:bookworm-slim

COPY scripts/install-in-root.sh /tmp/twin/install-in-root.sh
COPY .build-release/deb/twin-preflight_*_amd64.deb /tmp/twin/
# WITH_IDENTITY_MODEL=1: also the identity model that only PyPI ships, where twin finds it by itself.
RUN WITH_IDENTITY_MODEL=1 sh /tmp/twin/install-in-root.sh /tmp/twin/twin-preflight_*_amd64.deb && rm -rf /tmp/twin

# The face model caches and journals go to the state volume.
ENV XDG_CACHE_HOME=/state/cache
# The user install-in-root.sh made, by number, so Kubernetes can verify runAsNonRoot.
USER 10001:10001
WORKDIR /home/twin
VOLUME ["/sessions", "/state"]
ENTRYPOINT ["twin"]
CMD ["--help"]
