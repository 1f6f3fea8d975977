package dev.warden.attest.keyless;

/**
 * Who must have signed, as keyless signing records it in the certificate Fulcio issued: the subject alternative name
 * (an e-mail address, or a URI such as a CI workflow's) and the OIDC issuer that vouched for it (Fulcio's extension
 * 1.3.6.1.4.1.57264.1.8, or the older .1.1). Both are compared exactly, as cosign's {@code --certificate-identity}
 * and {@code --certificate-oidc-issuer} do.
 */
public record CertificateIdentity(String subject, String issuer) {
    public CertificateIdentity {
        if (subject == null || subject.isBlank() || issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("a certificate identity needs a subject and an OIDC issuer");
        }
    }
}
