using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0004: a <c>[Proxiable]</c> class with a public instance member (other than those of
/// <see cref="object"/>) that its proxy cannot override. Members declared in the class are
/// reported on the member; those inherited from a base class, on the attribute.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonVirtualProxiableMemberAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property set when the member is declared in source in the class and can be made virtual.</summary>
    public const string FixableProperty = "Fixable";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NonVirtualProxiableMember);

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

        // Sealed, static and struct types are PXS0003's; making their members virtual would not help.
        if (type.TypeKind != TypeKind.Class || type.IsSealed || type.IsStatic)
        {
            return;
        }

        AttributeData? attribute = symbols.GetProxiableAttribute(type);
        if (attribute is null)
        {
            return;
        }

        // A type PXS0003 refuses (a record, a class without a parameterless constructor, ...)
        // gets no proxy at all: 'virtual' would not help, so only PXS0003 speaks.
        if (Proxiability.WhyNotGeneratable(type, context.Compilation, context.CancellationToken) is not null)
        {
            return;
        }

        string typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (NonForwardableMember blocked in Proxiability.NonForwardableMembers(type, includeInherited: true))
        {
            ISymbol member = blocked.Member;

            // Compiler-generated members cannot be made virtual; one report per member at most.
            if (member.IsImplicitlyDeclared || !reported.Add(member))
            {
                continue;
            }

            bool declaredHere = SymbolEqualityComparer.Default.Equals(member.ContainingType, type)
                && !member.IsImplicitlyDeclared
                && member.Locations.Length > 0
                && member.Locations[0].IsInSource;
            Location location = declaredHere
                ? member.Locations[0]
                : attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
            ImmutableDictionary<string, string?> properties = declaredHere && member is not IFieldSymbol
                ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;
            string memberName = declaredHere ? member.Name : member.ContainingType.Name + "." + member.Name;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.NonVirtualProxiableMember,
                location,
                properties,
                memberName,
                typeName,
                blocked.Reason));
        }
    }
}
