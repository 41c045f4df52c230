using OtpNet;

namespace NrmHub.Testing;

/// <summary>What an authenticator app shows for a shared key (RFC 6238 via Otp.NET: SHA-1, 30 s, 6 digits).</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset now) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp(now.UtcDateTime);
}
