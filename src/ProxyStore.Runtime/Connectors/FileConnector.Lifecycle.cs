using System.Text.Json;

namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <inheritdoc />
    public ConnectorConfig GetConfig() => ConnectorConfig.OfBuiltIn(KindName, new Options(StoreDirectory, Clear, Durable, ValueFormat));

    /// <summary>
    /// Closes the connector, clearing <see cref="StoreDirectory"/> (see <see cref="Close(bool)"/>)
    /// when <see cref="Clear"/> is set and this connector was made with the constructor. A connector recreated from a
    /// config (for a proxy, or in another process) never deletes the directory on its own:
    /// the objects belong to the process that created the store.
    /// </summary>
    public void Close() => Close(Clear && _ownsDirectory);

    /// <summary>
    /// Closes the connector; <paramref name="clear"/> overrides <see cref="Clear"/> for this call:
    /// with <see langword="false"/> nothing is deleted; with <see langword="true"/> the store
    /// objects in <see cref="StoreDirectory"/> and the temporary files of puts are, and then the
    /// directory if nothing else is left in it. Files the connector did not write (an
    /// application's own, bytes put through <see cref="Put"/> without a store, subdirectories)
    /// stay, and so does the directory that holds them. Closing twice is harmless.
    /// </summary>
    /// <param name="clear">Whether to delete the store's objects and, once empty, <see cref="StoreDirectory"/>.</param>
    public void Close(bool clear)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (clear)
        {
            ClearDirectory();
        }
    }

    private void ClearDirectory()
    {
        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(StoreDirectory)];
        }
        catch (DirectoryNotFoundException)
        {
            // Another connector on the same directory cleared it first.
            return;
        }

        StoreObjectFiles.ClearDirectory(StoreDirectory, files, ValueFormat, TempPrefix);
    }

    /// <inheritdoc />
    public override string ToString() => IsPython ? $"FileConnector({StoreDirectory}, Python's format)" : $"FileConnector({StoreDirectory})";

    internal static IConnector FromOptions(JsonElement options)
    {
        Options read = ConnectorConfig.ReadOptions<Options>(KindName, options);
        return new FileConnector(read.StoreDirectory, read.Clear, read.Durable, ownsDirectory: false) { ValueFormat = read.ValueFormat };
    }
}
