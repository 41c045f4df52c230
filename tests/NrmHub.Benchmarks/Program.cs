using BenchmarkDotNet.Running;
using NrmHub.Benchmarks;

// `sweep`, `framework`, `lists` and `writes` are console measurements (SweepBenchmark, FrameworkBenchmark, ReferralListBenchmark, WritesBenchmark);
// `hubclients` is the load scenario's .NET hub clients (HubClients, driven by tests/NrmHub.LoadTests/load.mjs); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "sweep")
{
    return await SweepBenchmark.RunAsync(args);
}

if (args.Length > 0 && args[0] == "framework")
{
    return await FrameworkBenchmark.RunAsync(args);
}

if (args.Length > 0 && args[0] == "lists")
{
    return await ReferralListBenchmark.RunAsync(args);
}

if (args.Length > 0 && args[0] == "hubclients")
{
    return await HubClients.RunAsync();
}

if (args.Length > 0 && args[0] == "writes")
{
    return await WritesBenchmark.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
