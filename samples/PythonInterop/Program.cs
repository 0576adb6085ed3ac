// A Python ProxyStore producer and this .NET consumer on one directory. The producer puts NumPy
// arrays with Python's own Store and prints neutral references; this program turns them into
// typed lazy proxies, computes on them, and answers with an array of its own whose reference
// Python resolves into a numpy.ndarray. Run: dotnet run --project samples/PythonInterop
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ProxyStore;

string directory = Path.Combine(Path.GetTempPath(), "proxystore-python-interop-" + Guid.NewGuid().ToString("N"));
try
{
    // 1. Python produces.
    var references = new Dictionary<string, string>();
    foreach (string line in Python("produce", directory).Split('\n', StringSplitOptions.RemoveEmptyEntries))
    {
        string[] parts = line.Split(' ', 2);
        references[parts[0]] = parts[1];
    }

    // 2. .NET consumes through proxies: nothing is read until a proxy is used.
    IReadOnlyList<double> temperatures = PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(references["temperatures"]));
    IReadOnlyList<double> pressures = PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(references["pressures"]));
    IReadOnlyList<double> ramp = PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(references["ramp"]));
    Console.WriteLine($"resolved before use: {Proxies.IsResolved(temperatures)}");
    double[] means = [temperatures.Average(), pressures.Average(), ramp.Average()];
    Console.WriteLine($"means from .NET: {string.Join(", ", means.Select(m => m.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");

    // A 2-D array arrives with its shape; read it by its key from the store the references named
    // (registered in this process when the first proxy resolved).
    Store store = StoreRegistry.Get("python-arrays")!;
    string matrixId = JsonDocument.Parse(references["matrix"]).RootElement.GetProperty("key").GetProperty("filename").GetString()!;
    double[,] matrix = store.Get<double[,]>(new StoreKey(matrixId))!;
    Console.WriteLine($"matrix from Python: {matrix.GetLength(0)}x{matrix.GetLength(1)}, last {matrix[2, 3]}");

    // 3. .NET answers in the same store, and Python reads the answer through a reference.
    IReadOnlyList<double> answer = store.Proxy<IReadOnlyList<double>>(means);
    Console.Write(Python("read", Encoding.UTF8.GetString(PythonReference.Serialize(answer))));
}
finally
{
    StoreRegistry.Get("python-arrays")?.Dispose();
    if (Directory.Exists(directory))
    {
        Directory.Delete(directory, recursive: true);
    }
}

// Runs producer.py with the real Python ProxyStore, through the python-proxystore launcher of the
// folder PROXYSTORE_SHARED names (../shared beside the repository by default).
static string Python(params string[] arguments)
{
    string root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "ProxyStore.sln")))
    {
        root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run the sample from the repository: ProxyStore.sln was not found above it.");
    }

    string shared = Environment.GetEnvironmentVariable("PROXYSTORE_SHARED") is { Length: > 0 } set ? set : Path.Combine(root, "..", "shared");
    var start = new ProcessStartInfo(Path.Combine(shared, "tools", "python-proxystore")) { RedirectStandardOutput = true, UseShellExecute = false };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "producer.py"));
    foreach (string argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    start.Environment["PYTHONPATH"] = Path.Combine(root, "python");
    using Process python = Process.Start(start)!;
    string output = python.StandardOutput.ReadToEnd();
    python.WaitForExit();
    return python.ExitCode == 0 ? output : throw new InvalidOperationException($"producer.py {arguments[0]} failed with exit code {python.ExitCode}.");
}
