using System.Text.Json;

namespace ProxyStore.TestConsumer;

/// <summary>A message that carries a proxy: what a producer sends a borrow or an owner in.</summary>
public sealed record PayloadJob(string Name, IPayload Input);

/// <summary>
/// The receiving side of owned and borrowed references sent by another process:
/// <list type="bullet">
/// <item><c>take-owner &lt;reference-file&gt;</c>: reads an owner's reference, takes ownership with
/// <see cref="Ownership.IntoOwned{T}(T, bool)"/>, reads the object, and disposes the owner (evicting it);</item>
/// <item><c>use-borrow &lt;config-file&gt; &lt;key-json&gt; &lt;new-first-byte&gt;</c>: gets a <see cref="PayloadJob"/>
/// whose input is a borrow, reads it, tries what a borrow may not do, and, when the byte is not
/// negative, writes it into the object and updates (only a mutable borrow may).</item>
/// </list>
/// Prints an <see cref="OwnershipReport"/> as JSON.
/// </summary>
public static class OwnershipMode
{
    /// <summary>Runs <c>take-owner</c>; the exit code.</summary>
    public static int TakeOwner(string referenceFile)
    {
        IPayload received = ProxyReference.Deserialize<IPayload>(File.ReadAllBytes(referenceFile));
        bool receivedOwner = Ownership.IsReceivedOwner(received);
        Owned<IPayload> owned = Ownership.IntoOwned(received);
        string label = owned.Value.Label;
        long checksum = owned.Value.Checksum();
        string again = ErrorOf(() => Ownership.IntoOwned(received));
        owned.Dispose();
        bool existsAfter = owned.Store.Exists(owned.Key);
        Print(new OwnershipReport(label, checksum, receivedOwner, false, again, "", existsAfter));
        return 0;
    }

    /// <summary>Runs <c>use-borrow</c>; the exit code.</summary>
    public static int UseBorrow(string configFile, string keyJson, int newFirstByte)
    {
        StoreConfig config = JsonSerializer.Deserialize<StoreConfig>(File.ReadAllText(configFile))!;
        StoreKey key = JsonSerializer.Deserialize<StoreKey>(keyJson)!;
        using Store store = Store.FromConfig(config with { Register = false });
        PayloadJob job = store.Get<PayloadJob>(key)!;
        IPayload input = job.Input;
        string label = input.Label;
        long checksum = input.Checksum();
        string intoOwned = ErrorOf(() => Ownership.IntoOwned(input));
        string update = "";
        if (newFirstByte >= 0)
        {
            input.Data[0] = (byte)newFirstByte;
            update = ErrorOf(() => Ownership.Update(input));
        }

        Print(new OwnershipReport(label, checksum, Ownership.IsReceivedOwner(input), Ownership.IsBorrowed(input), intoOwned, update, store.Exists(Proxies.GetKey(input))));
        return 0;
    }

    private static string ErrorOf(Action action)
    {
        try
        {
            action();
            return "";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static void Print(OwnershipReport report) => Console.WriteLine(JsonSerializer.Serialize(report));
}

/// <summary>What <see cref="OwnershipMode"/> saw: the object, what the received proxy was, and the errors of what it tried ("" when it worked).</summary>
public sealed record OwnershipReport(string Label, long Checksum, bool ReceivedOwner, bool Borrowed, string SecondTakeOrIntoOwnedError, string UpdateError, bool ExistsAfter);
