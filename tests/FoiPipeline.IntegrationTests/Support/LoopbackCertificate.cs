using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// A self-signed certificate for 127.0.0.1, made once per test run, so an https-only client in a host process can
/// talk to a loopback fake. The host process trusts it, and only it, through OpenSSL's <c>SSL_CERT_FILE</c>.
/// </summary>
public static class LoopbackCertificate
{
    private static readonly Lazy<(X509Certificate2 Certificate, string PemFile)> Made = new(Make);

    public static X509Certificate2 Instance => Made.Value.Certificate;

    /// <summary>Environment for a process that must trust the fake: its trusted roots become this one certificate.</summary>
    public static IReadOnlyDictionary<string, string> TrustEnvironment => new Dictionary<string, string> { ["SSL_CERT_FILE"] = Made.Value.PemFile };

    private static (X509Certificate2, string) Make()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Kestrel needs the key in a form it can use on Linux; a PKCS#12 round trip gives it one.
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
        var pemFile = Path.Combine(Path.GetTempPath(), $"foi-loopback-{Environment.ProcessId}.pem");
        File.WriteAllText(pemFile, certificate.ExportCertificatePem());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(pemFile);
        return (certificate, pemFile);
    }
}
