using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0003: <c>[Proxiable]</c> on a type the generator cannot proxy, with the generator's own
/// reason (<see cref="ProxyStore.Shared.Proxiability.GeneratedProxyRules"/>): a sealed, static or record
/// class, a struct, a file-local or private nested type, a class without a parameterless
/// constructor, a taken proxy name, a member that clashes with the proxy's own, and so on.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidProxiableTargetAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property that says which cause was found; see the <c>Cause*</c> values.</summary>
    public const string CauseProperty = "Cause";

    /// <summary>The type is sealed; removing <c>sealed</c> fixes it.</summary>
    public const string CauseSealed = "Sealed";

    /// <summary>Any other cause; no automatic fix.</summary>
    public const string CauseOther = "Other";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidProxiableTarget);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            ProxyStoreSymbols? symbols = ProxyStoreSymbols.Create(start.Compilation);
            if (symbols?.ProxiableAttribute is not null)
            {
                start.RegisterSymbolAction(c => AnalyzeType(c, symbols), SymbolKind.NamedType);
            }
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, ProxyStoreSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        AttributeData? attribute = symbols.GetProxiableAttribute(type);
        if (attribute is null)
        {
            return;
        }

        string? reason = Proxiability.WhyNotGeneratable(type, context.Compilation, context.CancellationToken);
        if (reason is null)
        {
            return;
        }

        string cause = type.TypeKind == TypeKind.Class && type.IsSealed && !type.IsStatic ? CauseSealed : CauseOther;
        Location location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation()
            ?? type.Locations[0];
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.InvalidProxiableTarget,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(CauseProperty, cause),
            type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            reason));
    }
}
