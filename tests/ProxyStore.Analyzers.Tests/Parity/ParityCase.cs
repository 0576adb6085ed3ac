namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// One type shape of the parity corpus, compiled into its own file and namespace
/// (<c>P.&lt;Name&gt;</c>).
/// </summary>
/// <param name="Name">The case's name, also its namespace and file name.</param>
/// <param name="Declarations">The declarations; at most one type carries <c>[Proxiable]</c>.</param>
/// <param name="CallType">
/// The type argument of the case's call site, <c>store.ProxyFromKey&lt;CallType&gt;(key)</c>,
/// or null when the type cannot be named there.
/// </param>
/// <param name="Generated">Whether the generator must emit a proxy; null when the case has no <c>[Proxiable]</c> type.</param>
/// <param name="Runs">Whether the call site must succeed at run time; null when it has none or only parity is checked.</param>
public sealed record ParityCase(string Name, string Declarations, string? CallType, bool? Generated, bool? Runs)
{
    /// <summary>The case's file path in the corpus compilation.</summary>
    public string Path => Name + ".cs";

    /// <summary>The case's whole source: its declarations and, when it has one, its call site.</summary>
    public string Source =>
        "using ProxyStore;\n\nnamespace P." + Name + "\n{\n" + Declarations + "\n"
        + (CallType is null
            ? string.Empty
            : "    public static class Call\n    {\n        public static object Run(Store store, StoreKey key) => store.ProxyFromKey<" + CallType + ">(key);\n    }\n")
        + "}\n";

    /// <inheritdoc/>
    public override string ToString() => Name;
}
