namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>Wraps the members of a test in a class that has a store, an interface to proxy, and methods that keep, take and use owners.</summary>
internal static class BorrowSource
{
    /// <summary>The class <paramref name="className"/> with <paramref name="members"/>; <c>IModel</c> and <c>Model</c> are declared beside it unless another document of the project does.</summary>
    public static string Members(string members, string className = "Work", bool declareModel = true) =>
        $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ProxyStore;
        using ProxyStore.Connectors;

        {{(declareModel ? "public interface IModel { int Count { get; } }\n\npublic sealed class Model : IModel { public int Count => 1; }" : "// IModel and Model are declared in another document.")}}

        public sealed class {{className}}
        {
            private readonly Store store = new Store("{{className}}", new LocalConnector(), register: true);
            private readonly List<Owned<IModel>> kept = new List<Owned<IModel>>();
            private Owned<IModel>? field;
            private Borrowed<IModel>? lent;

            public Owned<IModel>? Field => field;

            public Borrowed<IModel>? Lent => lent;

            public static void Take([TakesOwnership] Owned<IModel> owned) => owned.Dispose();

            public static void Look(Owned<IModel> owned) => Console.WriteLine(owned.Value.Count);

            public static void Use(IModel model) => Console.WriteLine(model.Count);

            public static Task<int> Release([TakesOwnership] params object[] references) => Task.FromResult(references.Length);

            public static bool Check() => Environment.TickCount % 2 == 0;

        {{members}}
        }
        """;
}
