using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Files;

/// <summary>A FileConnector whose store directory cannot be made says which directory and why, in an exception of its own.</summary>
public sealed class FileConnectorDirectoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_store_directory_under_a_file_is_refused_naming_the_directory_and_the_file_in_the_way()
    {
        string file = _dir.Sub("a-file");
        File.WriteAllText(file, "in the way");
        string directory = Path.Join(file, "objects", "today");

        FileConnectorException e = Assert.Throws<FileConnectorException>(() => new FileConnector(directory));

        Assert.Equal(directory, e.StoreDirectory);
        Assert.Contains($"'{directory}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{file}' is a file", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ProxyStoreException>(e);
        Assert.NotNull(e.InnerException);
        Assert.True(File.Exists(file));
    }
}
