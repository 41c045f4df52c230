using NrmHub.Core.Notifications;

namespace NrmHub.Benchmarks;

/// <summary>The benchmarks measure writes and reads; live delivery is measured by the load scenarios.</summary>
internal sealed class NoPush : INotifier
{
    public Task PushAsync(IReadOnlyList<Notification> notifications, CancellationToken ct = default) => Task.CompletedTask;
}
