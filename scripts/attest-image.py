#!/usr/bin/env python3
"""Copies an OCI layout and adds, for one of its images, attestations stored the way BuildKit stores them
(docs.docker.com/build/metadata/attestations/attestation-storage/): a new tag TAG-attested naming an image index
with the image (its platform) and an attestation manifest (platform unknown/unknown, annotated
vnd.docker.reference.type=attestation-manifest and vnd.docker.reference.digest=IMAGE) whose layers are in-toto
statements: an SPDX SBOM and a SLSA v0.2 provenance whose materials name the base image you give.

For trying Warden's attestation reading without BuildKit. The statements are hand-made, not signed, and say what you
tell them: a real build would get them from `docker buildx build --sbom=true --provenance=true`.

usage: scripts/attest-image.py SRC_LAYOUT TAG DEST_LAYOUT BASE_PURL BASE_SHA256
  e.g. scripts/attest-image.py target/demo/oci bookworm target/demo/attested \\
           'pkg:docker/debian@bookworm?platform=linux%2Famd64' 0123...(64 hex)
"""
import hashlib
import json
import os
import shutil
import sys


def main(src, tag, dest, base_purl, base_sha):
    if os.path.exists(dest):
        sys.exit(f"attest-image: {dest} exists")
    shutil.copytree(src, dest)
    blobs = os.path.join(dest, "blobs", "sha256")

    def write(obj_or_bytes, media_type, **extra):
        data = obj_or_bytes if isinstance(obj_or_bytes, bytes) else json.dumps(obj_or_bytes, separators=(",", ":")).encode()
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, digest), "wb") as f:
            f.write(data)
        return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data), **extra}

    with open(os.path.join(dest, "index.json")) as f:
        index = json.load(f)
    image = next(m for m in index["manifests"]
                 if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag)
    with open(os.path.join(blobs, image["digest"].split(":")[1])) as f:
        manifest = json.load(f)
    with open(os.path.join(blobs, manifest["config"]["digest"].split(":")[1])) as f:
        config = json.load(f)
    subject = [{"name": "_", "digest": {"sha256": image["digest"].split(":")[1]}}]

    def statement(predicate_type, predicate):
        return {"_type": "https://in-toto.io/Statement/v0.1", "predicateType": predicate_type,
                "subject": subject, "predicate": predicate}

    sbom = statement("https://spdx.dev/Document", {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT",
                                                    "name": "attest-image.py", "packages": []})
    provenance = statement("https://slsa.dev/provenance/v0.2", {
        "builder": {"id": "https://example.invalid/attest-image.py"},
        "buildType": "https://mobyproject.org/buildkit@v1",
        "materials": [{"uri": "pkg:docker/docker/dockerfile@1", "digest": {"sha256": "0" * 64}},
                      {"uri": base_purl, "digest": {"sha256": base_sha}}]})
    layers = [write(s, "application/vnd.in-toto+json",
                    annotations={"in-toto.io/predicate-type": s["predicateType"]}) for s in (sbom, provenance)]
    att_config = write({"architecture": "unknown", "os": "unknown", "config": {},
                        "rootfs": {"type": "layers", "diff_ids": [l["digest"] for l in layers]}},
                       "application/vnd.oci.image.config.v1+json")
    attestation = write({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                         "config": att_config, "layers": layers}, "application/vnd.oci.image.manifest.v1+json")
    attestation["annotations"] = {"vnd.docker.reference.digest": image["digest"],
                                  "vnd.docker.reference.type": "attestation-manifest"}
    attestation["platform"] = {"architecture": "unknown", "os": "unknown"}
    platform = {"architecture": config.get("architecture", "amd64"), "os": config.get("os", "linux")}
    image_entry = {"mediaType": image["mediaType"], "digest": image["digest"], "size": image["size"], "platform": platform}
    image_index = write({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                         "manifests": [image_entry, attestation]}, "application/vnd.oci.image.index.v1+json")
    image_index["annotations"] = {"org.opencontainers.image.ref.name": tag + "-attested"}
    index["manifests"].append(image_index)
    with open(os.path.join(dest, "index.json"), "w") as f:
        json.dump(index, f)
    print(f"{dest}:{tag}-attested")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
