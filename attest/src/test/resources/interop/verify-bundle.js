// Verifies a Sigstore bundle with @sigstore/verify against one public key (no transparency log, no timestamps:
// an offline key-signed bundle), then checks that its in-toto statement names the image digest.
// usage: node verify-bundle.js BUNDLE.json KEY.pub sha256:HEX
const fs = require('fs');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const [bundleFile, keyFile, digest] = process.argv.slice(2);
const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundleFile, 'utf8')));
const publicKey = crypto.createPublicKey(fs.readFileSync(keyFile, 'utf8'));
const root = TrustedRoot.fromJSON({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] });
const keys = (hint) => ({ publicKey, validFor: () => true });
const verifier = new Verifier(toTrustMaterial(root, keys), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
try {
  verifier.verify(toSignedEntity(bundle));
} catch (e) {
  console.log('NOT VERIFIED: ' + (e.code || '') + ' ' + e.message);
  process.exit(1);
}
const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
const named = statement.subject.some((s) => 'sha256:' + s.digest.sha256 === digest);
console.log(named ? 'VERIFIED ' + statement.predicateType : 'VERIFIED but the statement names another digest');
process.exit(named ? 0 : 1);
