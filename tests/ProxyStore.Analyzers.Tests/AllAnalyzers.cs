using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.CodeFixes;

namespace ProxyStore.Analyzers.Tests;

/// <summary>Every analyzer and code fix the two assemblies ship, found by reflection so a new rule cannot be left out.</summary>
internal static class AllAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Instantiate<DiagnosticAnalyzer>(typeof(DiagnosticDescriptors).Assembly, typeof(DiagnosticAnalyzerAttribute));

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = Instantiate<CodeFixProvider>(typeof(AddRegisterTrueCodeFix).Assembly, typeof(ExportCodeFixProviderAttribute));

    private static ImmutableArray<T> Instantiate<T>(Assembly assembly, Type marker) =>
        [.. assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.IsDefined(marker, inherit: false))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)];
}
