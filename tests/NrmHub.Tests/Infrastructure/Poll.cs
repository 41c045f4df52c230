namespace NrmHub.Tests.Infrastructure;

/// <summary>Waiting for something another thread does, where the code under test offers nothing to await.</summary>
public static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="failure"/> after <paramref name="within"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan within, string failure)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(10);
        }
    }
}
