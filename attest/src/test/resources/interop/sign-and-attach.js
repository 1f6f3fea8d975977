// Signs an in-toto statement about an image with @sigstore/sign (a DSSE bundle over a local key, no witnesses)
// and attaches the bundle to the image with @sigstore/oci, as any Sigstore JavaScript client would.
// usage: node sign-and-attach.js KEY_PKCS8.pem HOST:PORT/REPO sha256:HEX PREDICATE_TYPE
const fs = require('fs');
const crypto = require('crypto');
const { DSSEBundleBuilder } = require('@sigstore/sign');
const { bundleToJSON } = require('@sigstore/bundle');
const { attachArtifactToImage } = require('@sigstore/oci');

const [keyFile, imageName, digest, predicateType] = process.argv.slice(2);
const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile, 'utf8'));
const publicPem = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
const signer = {
  sign: async (data) => ({
    signature: crypto.sign('sha256', data, privateKey),
    key: { $case: 'publicKey', publicKey: publicPem, hint: 'sigstore-js' },
  }),
};
const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: imageName, digest: { sha256: digest.replace('sha256:', '') } }],
  predicateType,
  predicate: { by: '@sigstore/sign' },
};
(async () => {
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] })
    .create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' });
  const json = JSON.stringify(bundleToJSON(bundle));
  const descriptor = await attachArtifactToImage({
    imageName, imageDigest: digest, artifact: Buffer.from(json),
    mediaType: bundle.mediaType, credentials: undefined,
    annotations: { 'dev.sigstore.bundle.content': 'dsse-envelope', 'dev.sigstore.bundle.predicateType': predicateType },
  });
  console.log(descriptor.digest);
})().catch((e) => { console.error('FAILED: ' + e.message + (e.cause ? ' (' + e.cause.message + ')' : '')); process.exit(1); });
