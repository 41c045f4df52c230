using System.Security.Cryptography;
using System.Text;

namespace NrmHub.Core.Actors.Exports;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5). Export ids are derived from actor codes and service names rather than
/// database keys, so two exports of the same data, from any instance, carry the same ids and diff cleanly.
/// </summary>
public static class StableId
{
    /// <summary>NrmHub's own namespace; changing it would change every exported id.</summary>
    private static readonly Guid NrmHubNamespace = new("0b9f6c1e-5a4d-4c47-9d0e-3f2a7c8e41b6");

    public static string For(string name) => For(NrmHubNamespace, name).ToString();

    internal static Guid For(Guid ns, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
