using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace NrmHub.Web.Jobs;

/// <summary>
/// Hangfire's log output into the host's logging. Hangfire keeps one log provider for the whole process, so where
/// several hosts share a process (the integration tests) it may still point at a host that has stopped and disposed
/// its logger factory; Hangfire objects created after that log nothing rather than fail the request that made them.
/// </summary>
public sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
