using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Ektp.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Ektp.Benchmarks.SampleData).Assembly).Run(args);
