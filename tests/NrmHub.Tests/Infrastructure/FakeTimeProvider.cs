namespace NrmHub.Tests.Infrastructure;

/// <summary>A clock that says what the test sets (Microsoft.Extensions.TimeProvider.Testing is not in the registry).</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
