using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

public sealed partial class FileConnector
{
    /// <inheritdoc />
    public StoreKey NewKey()
    {
        ThrowIfClosed();
        return new StoreKey(StoreKey.NewId());
    }

    /// <inheritdoc />
    /// <remarks>
    /// Written like a put, through a temporary file moved under the key's name once complete and
    /// closed, so a reader polling the key finds the whole object or none. The move refuses to
    /// replace an existing file (a hard link on Linux), so of two producers racing on one key, in
    /// any processes, exactly one wins.
    /// </remarks>
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public void Set(StoreKey key, ReadOnlyMemory<byte> data)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        CheckPythonValue([data]);
        ThrowIfSet(key, path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                SetOnce(key, path, data);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The object could not be written, or <see cref="StoreDirectory"/> does not exist.</exception>
    public async ValueTask SetAsync(StoreKey key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        ThrowIfClosed();
        CheckPythonValue([data]);
        ThrowIfSet(key, path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await SetOnceAsync(key, path, data, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TemporaryFileLostException) when (attempt < PutAttempts)
            {
                // Nothing was published; the next attempt uses a new temporary file.
            }
        }
    }

    // Unlike a put's, the final name is not new, so two setters of one key need temporary files
    // of their own: the key's id and a fresh random id. Once published, the file is the key's
    // object even if syncing the directory failed, so a failed set removes only its temporary file.
    private void SetOnce(StoreKey key, string path, ReadOnlyMemory<byte> data) =>
        WriteAndPublish(key, SetTempPathFor(key), path, data.Length, handle => RandomAccess.Write(handle, data.Span, fileOffset: 0), setOnce: true);

    private ValueTask SetOnceAsync(StoreKey key, string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteAndPublishAsync(key, SetTempPathFor(key), path, [data], setOnce: true, cancellationToken);

    private string SetTempPathFor(StoreKey key) => Path.Join(StoreDirectory, TempPrefix + key.Id + "-" + StoreKey.NewId());

    /// <summary>
    /// Writes <paramref name="length"/> bytes with <paramref name="write"/> to the new temporary
    /// file <paramref name="temp"/> and moves it to <paramref name="path"/>: by a plain rename for a
    /// put, refusing a key already set for a set. A failure removes the temporary file, and for a
    /// put also the published file.
    /// </summary>
    private void WriteAndPublish(StoreKey key, string temp, string path, long length, Action<SafeFileHandle> write, bool setOnce)
    {
        // A file larger than an array would be written, and then no get could read it.
        ObjectSizeLimit.CheckReadable(length, this);
        bool published = false;
        try
        {
            // A handle and a positioned write: no FileStream buffer to fill and flush.
            using (SafeFileHandle handle = CreateTemporary(temp, FileOptions.None))
            {
                write(handle);
                FlushIfDurable(handle);
                if (PublishWhileHeld && !setOnce)
                {
                    MoveIntoPlace(key, temp, path, setOnce);
                    published = true;
                }
            }

            if (!published)
            {
                MoveIntoPlace(key, temp, path, setOnce);
                published = true;
            }

            MarkReady(path);
            SyncDirectoryIfDurable();
        }
        catch
        {
            StoreObjectFiles.TryDelete(published && !setOnce ? path : temp);
            throw;
        }
    }

    /// <summary>Asynchronous <see cref="WriteAndPublish"/>.</summary>
    private async ValueTask WriteAndPublishAsync(StoreKey key, string temp, string path, IReadOnlyList<ReadOnlyMemory<byte>> parts, bool setOnce, CancellationToken cancellationToken)
    {
        ObjectSizeLimit.CheckReadable(LengthOf(parts), this);
        bool published = false;
        try
        {
            using (SafeFileHandle handle = CreateTemporary(temp, FileOptions.Asynchronous))
            {
                await (parts.Count == 1
                    ? RandomAccess.WriteAsync(handle, parts[0], fileOffset: 0, cancellationToken)
                    : RandomAccess.WriteAsync(handle, parts, fileOffset: 0, cancellationToken)).ConfigureAwait(false);
                FlushIfDurable(handle);
                if (PublishWhileHeld && !setOnce)
                {
                    MoveIntoPlace(key, temp, path, setOnce);
                    published = true;
                }
            }

            if (!published)
            {
                MoveIntoPlace(key, temp, path, setOnce);
                published = true;
            }

            MarkReady(path);
            SyncDirectoryIfDurable();
        }
        catch
        {
            StoreObjectFiles.TryDelete(published && !setOnce ? path : temp);
            throw;
        }
    }

    private static void WriteParts(SafeFileHandle handle, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        if (parts.Count == 1)
        {
            RandomAccess.Write(handle, parts[0].Span, fileOffset: 0);
        }
        else
        {
            RandomAccess.Write(handle, parts, fileOffset: 0);
        }
    }

    private static long LengthOf(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        long length = 0;
        foreach (ReadOnlyMemory<byte> part in parts)
        {
            length += part.Length;
        }

        return length;
    }

    private void MoveIntoPlace(StoreKey key, string temp, string path, bool setOnce)
    {
        if (setOnce)
        {
            PublishOnce(temp, path, key);
        }
        else
        {
            Publish(temp, path);
        }
    }

    private void ThrowIfSet(StoreKey key, string path)
    {
        // Checked first only to spare writing an object that would be refused; PublishOnce is
        // what makes the refusal safe against a racing setter.
        if (File.Exists(path))
        {
            throw AlreadySet(key);
        }
    }

    /// <summary>Moves a complete temporary file to <paramref name="path"/>, refusing to replace an object already there.</summary>
    private void PublishOnce(string temp, string path, StoreKey key)
    {
        bool moved;
        try
        {
            moved = NoReplaceMove.TryMove(temp, path);
        }
        catch (FileNotFoundException e)
        {
            throw new TemporaryFileLostException(
                $"The temporary file '{temp}' was removed before it could become '{path}': a FileConnector opening the directory took it " +
                "for a dead writer's leftover, or the directory was deleted.",
                e);
        }

        if (!moved)
        {
            throw AlreadySet(key);
        }
    }

    private KeyAlreadySetException AlreadySet(StoreKey key, Exception? inner = null) =>
        new(key, $"The key '{key}' already holds an object in {this}; a key is set once.", inner);
}
