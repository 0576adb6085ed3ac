using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Python;

/// <summary>
/// samples/PythonInterop as real processes: a Python ProxyStore producer puts NumPy arrays and
/// prints neutral references, the .NET program resolves them as typed lazy proxies, and Python
/// reads the .NET program's answer through its reference.
/// </summary>
public class PythonInteropSampleTests
{
    [PythonFact]
    public void A_python_producer_and_a_dotnet_consumer_exchange_arrays_through_references()
    {
        (int exitCode, string output, string error) = ChildProcess.RunDll("PythonInterop.dll");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains("resolved before use: False", output, StringComparison.Ordinal);
        Assert.Contains("means from .NET: ", output, StringComparison.Ordinal);
        Assert.Contains(", 499999.5000", output, StringComparison.Ordinal);
        Assert.Contains("matrix from Python: 3x4, last 11", output, StringComparison.Ordinal);
        Assert.Contains("python sees ndarray float64 shape (3,)", output, StringComparison.Ordinal);
    }
}
