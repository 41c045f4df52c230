using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using NrmHub.Core.Data;

namespace NrmHub.Web.Hosting;

/// <summary>
/// Data Protection keys (which protect the session cookies, antiforgery tokens and stored sessions) live in the
/// database, so a restart or a second instance signs nobody out, and are encrypted with a certificate named in
/// settings. Outside Development the app does not start without that certificate: unencrypted keys next to the
/// data they protect would protect nothing.
/// </summary>
public static class KeyRing
{
    public static void AddKeyRing(this WebApplicationBuilder builder)
    {
        var keys = builder.Services.AddDataProtection().SetApplicationName("NrmHub").PersistKeysToDbContext<NrmDbContext>();
        var path = builder.Configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrEmpty(path))
        {
            var password = builder.Configuration["DataProtection:CertificatePassword"];
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, password));
        }
        else if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Set DataProtection:CertificatePath (and DataProtection:CertificatePassword) to a PKCS#12 certificate: it encrypts the keys that protect sign-in cookies. See README, 'Outside Development'.");
        }
    }
}
