using BenchmarkDotNet.Running;
using NrmHub.Benchmarks;

// `sweep` is a console measurement of the SOP deadline sweep (see SweepBenchmark); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "sweep")
{
    return await SweepBenchmark.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
