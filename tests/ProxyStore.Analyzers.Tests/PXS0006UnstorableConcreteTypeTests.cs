using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0006UnstorableConcreteTypeTests
{
    private const string Header = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using ProxyStore;

        public interface IShape { double Area { get; } }

        public abstract class Shape : IShape { public abstract double Area { get; } }

        public class Square : Shape { public override double Area => 1; }

        public class Circle : Shape { public override double Area => 3; }

        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<UnstorableConcreteTypeAnalyzer>(Header + source, expected);

    /// <summary>Verifies <paramref name="statements"/> as the body of a method given a store, after <paramref name="declarations"/>.</summary>
    private static Task VerifyPutsAsync(string declarations, string statements, params DiagnosticResult[] expected) =>
        VerifyAsync(
            $$"""
            {{declarations}}

            public static class Worker
            {
                public static async Task Run(Store store)
                {
            {{statements}}
                }
            }
            """,
            expected);

    /// <summary>PXS0006 for a type declared in source, behind a type declared in source unless <paramref name="declared"/> is object.</summary>
    private static DiagnosticResult Reported(int location, string concrete, string declared, string where = "") =>
        Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            concrete,
            declared,
            where,
            declared == "object"
                ? "it is not declared storable; mark it [Storable] (or call StorableTypes.Allow)"
                : $"it is not declared storable; mark it [Storable] (or list it with [JsonDerivedType] on '{declared}', or call StorableTypes.Allow)");

    // Reported.

    [Fact]
    public Task Proxy_of_an_interface_made_from_a_new_object_reports_it_with_how_to_fix_and_where_the_type_is_declared() =>
        VerifyAsync("""
            public class {|#1:Tile|} : IShape { public double Area => 1; }

            public static class Worker
            {
                public static IShape Run(Store store) => store.Proxy<IShape>({|#0:new Tile()|});
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithLocation(1)
                .WithMessage("'Tile' is stored behind 'IShape' and would not be read back: it is not declared storable; mark it [Storable] (or list it with [JsonDerivedType] on 'IShape', or call StorableTypes.Allow)"));

    [Fact]
    public Task Put_of_a_local_declared_as_an_interface_abstract_class_or_base_class_is_reported_on_the_argument() =>
        VerifyPutsAsync(
            """
            public class Derived : Square { }
            """,
            """
            IShape shape = new Square();
            store.Put({|#0:shape|});

            Shape circle = new Circle();
            await store.PutAsync({|#1:circle|});

            Square derived;
            derived = new Derived();
            store.Put({|#2:derived|});
            """,
            Reported(0, "Square", "IShape"),
            Reported(1, "Circle", "Shape"),
            Reported(2, "Derived", "Square"));

    [Fact]
    public Task Put_cast_to_object_or_an_interface_is_reported() =>
        VerifyPutsAsync(
            string.Empty,
            """
            store.Put({|#0:(object)new Square()|});
            store.Put({|#1:new Circle() as IShape|});
            """,
            Reported(0, "Square", "object"),
            Reported(1, "Circle", "IShape"));

    [Fact]
    public Task Every_proxy_method_reports_against_its_type_argument() =>
        VerifyPutsAsync(
            string.Empty,
            """
            await store.ProxyAsync<IShape>({|#0:new Square()|});
            using Owned<IShape> owned = store.OwnedProxy<IShape>({|#1:new Square()|});
            using Owned<Shape> other = await store.OwnedProxyAsync<Shape>({|#2:new Circle()|});
            """,
            Reported(0, "Square", "IShape"),
            Reported(1, "Square", "IShape"),
            Reported(2, "Circle", "Shape"));

    [Fact]
    public Task Batches_report_each_element_created_in_an_array_a_list_or_a_collection_expression() =>
        VerifyPutsAsync(
            string.Empty,
            """
            store.PutBatch(new IShape[] { {|#0:new Square()|}, {|#1:new Circle()|} });
            await store.PutBatchAsync(new List<Shape> { {|#2:new Square()|} });
            store.ProxyBatch<IShape>([{|#3:new Circle()|}]);
            IShape[] shapes = [{|#4:new Square()|}];
            await store.ProxyBatchAsync(shapes);
            """,
            Reported(0, "Square", "IShape"),
            Reported(1, "Circle", "IShape"),
            Reported(2, "Square", "Shape"),
            Reported(3, "Circle", "IShape"),
            Reported(4, "Square", "IShape"));

    [Fact]
    public Task Each_branch_of_a_conditional_switch_or_coalesce_is_reported() =>
        VerifyAsync("""
            public static class Worker
            {
                public static void Run(Store store, bool square, int sides, IShape given)
                {
                    store.Proxy<IShape>({|#0:{|#1:square ? new Square() : new Circle()|}|});
                    IShape chosen = sides switch { 4 => new Square(), _ => new Circle() };
                    store.Put({|#2:{|#3:chosen|}|});
                    store.Proxy({|#4:given ?? new Circle()|});
                }
            }
            """,
            // At one location, the diagnostics come in the order of their messages.
            Reported(1, "Circle", "IShape"),
            Reported(0, "Square", "IShape"),
            Reported(3, "Circle", "IShape"),
            Reported(2, "Square", "IShape"),
            Reported(4, "Circle", "IShape"));

    [Fact]
    public Task Members_constructor_parameters_and_elements_of_the_stored_object_are_reported_where_they_are_created() =>
        VerifyPutsAsync(
            """
            public class Drawing
            {
                public IShape Main { get; set; }
                public object Tag;
                public List<IShape> Shapes { get; } = new();
                public Dictionary<string, object> ByName { get; set; } = new();
            }

            public record Frame(Shape Inner);
            """,
            """
            store.Put(new Drawing
            {
                Main = {|#0:new Square()|},
                Tag = {|#1:new Circle()|},
                Shapes = { {|#2:new Circle()|} },
                ByName = new Dictionary<string, object> { ["a"] = {|#3:new Square()|} },
            });
            store.Put(new Dictionary<string, object> { { "b", {|#4:new Circle()|} } });
            store.Put(new Frame({|#5:new Square()|}));
            store.Put(new object[] { {|#6:new Circle()|} });
            """,
            Reported(0, "Square", "IShape", " in 'Drawing.Main'"),
            Reported(1, "Circle", "object", " in 'Drawing.Tag'"),
            Reported(2, "Circle", "IShape", " in an element of 'List<IShape>'"),
            Reported(3, "Square", "object", " in an element of 'Dictionary<string, object>'"),
            Reported(4, "Circle", "object", " in an element of 'Dictionary<string, object>'"),
            Reported(5, "Square", "Shape", " in 'Frame.Inner'"),
            Reported(6, "Circle", "object", " in an element of 'object[]'"));

    [Fact]
    public Task Members_the_serializer_does_not_write_are_not_reported() =>
        VerifyAsync("""
            public class Drawing
            {
                [JsonIgnore] public IShape Ignored { get; set; }
                internal IShape Internal { get; set; }
                [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IShape WrittenWhenSet { get; set; }
                [JsonInclude] internal IShape Included { get; set; }
            }

            public static class Worker
            {
                public static void Run(Store store) =>
                    store.Put(new Drawing
                    {
                        Ignored = new Square(),
                        Internal = new Square(),
                        WrittenWhenSet = {|#0:new Square()|},
                        Included = {|#1:new Circle()|},
                    });
            }
            """,
            Reported(0, "Square", "IShape", " in 'Drawing.WrittenWhenSet'"),
            Reported(1, "Circle", "IShape", " in 'Drawing.Included'"));

    [Fact]
    public Task A_struct_behind_an_interface_and_an_array_of_a_class_behind_object_are_reported() =>
        VerifyPutsAsync(
            """
            public struct Dot : IShape { public string Name; public double Area => 0; }
            """,
            """
            IShape dot = new Dot();
            store.Put({|#0:dot|});
            store.Put({|#1:(object)new Square[] { new Square() }|});
            """,
            Reported(0, "Dot", "IShape"),
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(1)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithMessage("'Square[]' is stored behind 'object' and would not be read back: it holds 'Square', which is not declared storable; mark 'Square' [Storable] (or call StorableTypes.Allow)"));

    [Fact]
    public Task A_type_of_a_library_is_reported_with_StorableTypes_Allow_as_the_fix() =>
        VerifyAsync("""
            public static class Worker
            {
                public static void Run(Store store) => store.Put({|#0:(object)new System.IO.MemoryStream()|});
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithMessage("'MemoryStream' is stored behind 'object' and would not be read back: it is not declared storable; if stored bytes may create it, call StorableTypes.Allow<MemoryStream>()"));

    [Fact]
    public Task Behind_an_interface_of_a_library_JsonDerivedType_is_not_offered() =>
        VerifyPutsAsync(
            """
            public class Money : System.IComparable { public int CompareTo(object other) => 0; }
            """,
            """
            System.IComparable money = new Money();
            store.Put({|#0:money|});
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithMessage("'Money' is stored behind 'IComparable' and would not be read back: it is not declared storable; mark it [Storable] (or call StorableTypes.Allow)"));

    [Theory]
    [InlineData("StorableTypes.Allow<Other.Square>();")] // another type of the same name
    [InlineData("StorableTypes.Allow(type);")] // a type only known at run time
    [InlineData("StorableTypes.Allow<T>();")]
    [InlineData("StorableTypes.Allow(typeof(Shape));")] // abstract: Allow throws, only concrete types are allowed
    public Task Allow_calls_that_do_not_allow_the_type_do_not_count(string call) =>
        VerifyAsync($$"""
            namespace Other
            {
                public class Square { }
            }

            public static class Setup
            {
                public static void Run<T>(System.Type type) { {{call}} }
            }

            public static class Worker
            {
                public static IShape Run(Store store) => store.Proxy<IShape>({|#0:new Square()|});
            }
            """,
            Reported(0, "Square", "IShape"));

    // Not reported: the rules the runtime creates by.

    [Fact]
    public Task The_exact_static_type_is_not_reported() =>
        VerifyPutsAsync(
            string.Empty,
            """
            store.Put(new Square());
            await store.PutAsync(new Circle());
            var square = new Square();
            store.Put(square);
            store.Proxy<Square>(new Square());
            store.PutBatch(new[] { new Square(), new Square() });
            store.Put(new Square[] { new Square() });
            """);

    [Fact]
    public Task A_type_marked_Storable_or_derived_from_one_is_not_reported() =>
        VerifyPutsAsync(
            """
            [Storable] public class Marked : IShape { public double Area => 0; }

            [Storable] public abstract class MarkedBase : IShape { public abstract double Area { get; } }

            public class FromMarkedBase : MarkedBase { public override double Area => 0; }

            [Storable] public struct MarkedDot : IShape { public string Name; public double Area => 0; }
            """,
            """
            store.Proxy<IShape>(new Marked());
            store.Proxy<IShape>(new FromMarkedBase());
            store.Put((object)new MarkedDot());
            """);

    [Fact]
    public Task A_type_implementing_a_Proxiable_interface_or_deriving_from_a_Proxiable_class_is_not_reported() =>
        VerifyPutsAsync(
            """
            [Proxiable] public interface IModel { int Value { get; } }

            public interface IDerivedModel : IModel { }

            public class Model : IDerivedModel { public int Value => 1; }

            [Proxiable] public class Service { public virtual int Run() => 1; }

            public class FastService : Service { public override int Run() => 2; }

            public class FasterService : FastService { }
            """,
            """
            store.Proxy<IModel>(new Model());
            store.Put((object)new Model());
            store.Proxy<Service>(new FastService());
            store.Proxy<Service>(new FasterService());
            """);

    [Fact]
    public Task A_type_listed_with_JsonDerivedType_on_the_declared_type_or_a_base_class_between_is_not_reported() =>
        VerifyPutsAsync(
            """
            [JsonDerivedType(typeof(Star), "star")]
            public interface IFigure { }

            public class Star : IFigure { }

            [JsonDerivedType(typeof(Hexagon))]
            public abstract class Polygon { }

            public class Hexagon : Polygon { }

            public class Listed { public Polygon Polygon { get; set; } }
            """,
            """
            store.Proxy<IFigure>(new Star());
            store.Put(new Listed { Polygon = new Hexagon() });
            store.Put((object)new Hexagon());
            """);

    [Fact]
    public Task A_listing_on_another_type_does_not_count() =>
        VerifyAsync("""
            [JsonDerivedType(typeof(Star))]
            public interface IFigure { }

            public interface IOther { }

            public class Star : IFigure, IOther { }

            public static class Worker
            {
                public static void Run(Store store) => store.Proxy<IOther>({|#0:new Star()|});
            }
            """,
            Reported(0, "Star", "IOther"));

    [Fact]
    public Task A_type_or_base_class_allowed_with_StorableTypes_Allow_in_another_file_is_not_reported() =>
        Verify.AnalyzerAsync<UnstorableConcreteTypeAnalyzer>(
            [
                Header + """
                public class Polygon : IShape { public double Area => 2; }

                public class Triangle : Polygon { }

                public class Pentagon : IShape { public double Area => 5; }

                public static class Worker
                {
                    public static void Run(Store store)
                    {
                        store.Proxy<IShape>(new Square());
                        store.Proxy<IShape>(new Triangle());
                        store.Proxy<IShape>(new Circle());
                        store.Put((object)new Pentagon());
                    }
                }
                """,
                """
                using ProxyStore;
                using Round = Circle;
                using static ProxyStore.StorableTypes;

                public static class Setup
                {
                    public static void Run()
                    {
                        StorableTypes.Allow<Square>();
                        ProxyStore.StorableTypes.Allow(typeof(Polygon));
                        Allow<Round>();
                        Allow(typeof(global::Pentagon));
                    }
                }
                """,
            ],
            OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public Task Plain_data_behind_object_is_not_reported() =>
        VerifyPutsAsync(
            """
            public struct Point { public double X, Y; }

            public enum Color { Red }
            """,
            """
            store.Put((object)new List<int> { 1 });
            store.Put((object)new int[3]);
            store.Put((object)new Dictionary<string, IShape>());
            store.Put((object)new List<Point>());
            store.Put((object)new HashSet<Color>());
            store.Put((object)new System.Uri("https://example.org"));
            store.Put((object)new System.Version(1, 2));
            store.Put((object)new System.Tuple<int, string>(1, "a"));
            store.Put((object)new KeyValuePair<string, List<Shape>>("a", new List<Shape>()));
            store.Put((object)new object());
            object[] nothing = new object[] { 1, "text", new List<int>() };
            store.Put(nothing);
            """);

    [Fact]
    public Task A_container_of_a_type_not_declared_storable_behind_object_is_reported_with_that_type_to_declare() =>
        VerifyPutsAsync(
            string.Empty,
            """
            store.Put({|#0:(object)new Dictionary<string, List<Square>>()|});
            store.Put({|#1:(object)new List<System.IO.MemoryStream>()|});
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithMessage("'Dictionary<string, List<Square>>' is stored behind 'object' and would not be read back: it holds 'Square', which is not declared storable; mark 'Square' [Storable] (or call StorableTypes.Allow)"),
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(1)
                .WithMessage("'List<MemoryStream>' is stored behind 'object' and would not be read back: it holds 'MemoryStream', which is not declared storable; if stored bytes may create it, call StorableTypes.Allow<MemoryStream>()"));

    [Fact]
    public Task Structs_count_as_unmanaged_as_the_runtime_counts_them() =>
        VerifyPutsAsync(
            """
            public struct Empty { }

            public struct Pair { public int X { get; set; } }
            """,
            """
            store.Put((object)new List<System.Index>());
            store.Put((object)new List<Pair>());
            store.Put({|#0:(object)new List<Empty>()|});
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithMessage("'List<Empty>' is stored behind 'object' and would not be read back: it holds 'Empty', which is not declared storable; mark 'Empty' [Storable] (or call StorableTypes.Allow)"));

    [Fact]
    public Task A_member_whose_type_lists_its_derived_types_takes_only_those_and_Storable_does_not_help() =>
        VerifyAsync("""
            [JsonDerivedType(typeof(Star), "star")]
            public interface IFigure { }

            public sealed class Star : IFigure { }

            [Storable]
            public sealed class Moon : IFigure { }

            public class Sky { public IFigure Figure { get; set; } }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Put(new Sky { Figure = new Star() });
                    store.Put(new Sky { Figure = {|#0:new Moon()|} });

                    // Stored itself, its type is in the frame: [Storable] is what the get asks.
                    store.Proxy<IFigure>(new Moon());
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithMessage("'Moon' is stored behind 'IFigure' in 'Sky.Figure' and would not be read back: 'IFigure' lists the types it holds with [JsonDerivedType], and 'Moon' is not one of them; add [JsonDerivedType(typeof(Moon))] to 'IFigure'"));

    [Fact]
    public Task Members_written_by_a_converter_of_their_own_or_of_their_type_and_concrete_collections_are_not_reported() =>
        VerifyAsync("""
            public sealed class FigureConverter : JsonConverter<IFigure>
            {
                public override IFigure Read(ref System.Text.Json.Utf8JsonReader reader, System.Type type, System.Text.Json.JsonSerializerOptions options) => null;

                public override void Write(System.Text.Json.Utf8JsonWriter writer, IFigure value, System.Text.Json.JsonSerializerOptions options) => writer.WriteNullValue();
            }

            [JsonConverter(typeof(FigureConverter))]
            public interface IFigure { }

            public class Star : IFigure { }

            public class Numbers : List<int> { }

            public class Sky
            {
                public IFigure Figure { get; set; }

                [JsonConverter(typeof(ShapeConverter))]
                public IShape Shape { get; set; }

                public List<int> Numbers { get; set; }
            }

            public sealed class ShapeConverter : JsonConverter<IShape>
            {
                public override IShape Read(ref System.Text.Json.Utf8JsonReader reader, System.Type type, System.Text.Json.JsonSerializerOptions options) => null;

                public override void Write(System.Text.Json.Utf8JsonWriter writer, IShape value, System.Text.Json.JsonSerializerOptions options) => writer.WriteNullValue();
            }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Put(new Sky { Figure = new Star(), Shape = new Square(), Numbers = new Numbers() });

                    // Stored itself, its type is in the frame and the get checks it, converter or not.
                    store.Proxy<IFigure>({|#0:new Star()|});
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType)
                .WithLocation(0)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Star", "IFigure", string.Empty, "it is not declared storable; mark it [Storable] (or list it with [JsonDerivedType] on 'IFigure', or call StorableTypes.Allow)"));

    [Fact]
    public Task Values_the_analyzer_cannot_follow_are_not_reported() =>
        VerifyAsync("""
            public static class Worker
            {
                private static IShape Field = new Square();

                public static void Run(Store store, IShape parameter, bool flag)
                {
                    store.Put(parameter);
                    store.Put(Field);
                    store.Put(Make());

                    IShape twice = new Square();
                    if (flag) { twice = new Circle(); }
                    store.Put(twice);

                    IShape viaOut;
                    Make(out viaOut);
                    store.Put(viaOut);

                    IShape viaRef = new Square();
                    Replace(ref viaRef);
                    store.Put(viaRef);
                }

                public static void Generic<T>(Store store) where T : IShape, new()
                {
                    IShape shape = new T();
                    store.Put(shape);
                }

                private static IShape Make() => new Square();

                private static void Make(out IShape shape) => shape = null;

                private static void Replace(ref IShape shape) => shape = new Circle();
            }
            """);

    [Fact]
    public Task A_local_put_twice_is_reported_once_per_put_and_its_members_once() =>
        VerifyPutsAsync(
            """
            public class Drawing { public IShape Main { get; set; } }
            """,
            """
            IShape shape = new Square();
            store.Put({|#0:shape|});
            store.Put({|#1:shape|});
            var drawing = new Drawing { Main = {|#2:new Circle()|} };
            store.Put(drawing);
            store.Put(drawing);
            """,
            Reported(0, "Square", "IShape"),
            Reported(1, "Square", "IShape"),
            Reported(2, "Circle", "IShape", " in 'Drawing.Main'"));

    // The code fix.

    /// <summary>PXS0006 at markup location <paramref name="put"/>, fixable on the type declared at <paramref name="declaration"/>.</summary>
    private static DiagnosticResult Fixable(int put, int declaration, string concrete, string declared, string where = "") =>
        Reported(put, concrete, declared, where).WithOptions(DiagnosticOptions.None).WithLocation(declaration);

    [Fact]
    public Task Fix_marks_the_type_Storable_below_its_doc_comment() =>
        Verify.CodeFixAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            """
            using ProxyStore;

            namespace Shapes
            {
                public interface IShape { double Area { get; } }

                /// <summary>A tile.</summary>
                public sealed class {|#1:Tile|} : IShape
                {
                    public double Area => 1;
                }

                public static class Worker
                {
                    public static IShape Run(Store store) => store.Proxy<IShape>({|#0:new Tile()|});
                }
            }
            """,
            """
            using ProxyStore;

            namespace Shapes
            {
                public interface IShape { double Area { get; } }

                /// <summary>A tile.</summary>
                [Storable]
                public sealed class Tile : IShape
                {
                    public double Area => 1;
                }

                public static class Worker
                {
                    public static IShape Run(Store store) => store.Proxy<IShape>(new Tile());
                }
            }
            """,
            fixAllIterations: null,
            Fixable(0, 1, "Tile", "IShape"));

    [Fact]
    public Task Fix_adds_the_attribute_after_the_ones_the_type_has_and_marks_records_and_structs() =>
        Verify.CodeFixAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            """
            using System;
            using ProxyStore;

            public interface IShape { }

            [Serializable]
            [Obsolete("old")]
            public class {|#1:Tile|} : IShape { }

            public record {|#3:Dot|}(double X) : IShape;

            public struct {|#5:Point|} : IShape { public double X; }

            public static class Worker
            {
                public static void Run(Store store)
                {
            #pragma warning disable CS0618
                    store.Put({|#0:(IShape)new Tile()|});
            #pragma warning restore CS0618
                    store.Put({|#2:(object)new Dot(1)|});
                    store.Put({|#4:(IShape)new Point()|});
                }
            }
            """,
            """
            using System;
            using ProxyStore;

            public interface IShape { }

            [Serializable]
            [Obsolete("old")]
            [Storable]
            public class Tile : IShape { }

            [Storable]
            public record Dot(double X) : IShape;

            [Storable]
            public struct Point : IShape { public double X; }

            public static class Worker
            {
                public static void Run(Store store)
                {
            #pragma warning disable CS0618
                    store.Put((IShape)new Tile());
            #pragma warning restore CS0618
                    store.Put((object)new Dot(1));
                    store.Put((IShape)new Point());
                }
            }
            """,
            fixAllIterations: null,
            Fixable(0, 1, "Tile", "IShape"),
            Fixable(2, 3, "Dot", "object"),
            Fixable(4, 5, "Point", "IShape"));

    [Fact]
    public Task Fix_marks_the_element_type_of_a_container_and_the_type_in_a_member_once_for_every_put_of_it() =>
        Verify.CodeFixAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            """
            using System.Collections.Generic;
            using ProxyStore;

            public interface IShape { }

            public class {|#1:Tile|} : IShape { }

            public class Floor { public IShape Main { get; set; } }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Put({|#0:(object)new List<Tile>()|});
                    store.Put(new Floor { Main = {|#2:new Tile()|} });
                }
            }
            """,
            """
            using System.Collections.Generic;
            using ProxyStore;

            public interface IShape { }

            [Storable]
            public class Tile : IShape { }

            public class Floor { public IShape Main { get; set; } }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Put((object)new List<Tile>());
                    store.Put(new Floor { Main = new Tile() });
                }
            }
            """,
            fixAllIterations: null,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(0).WithLocation(1)
                .WithArguments("List<Tile>", "object", string.Empty, "it holds 'Tile', which is not declared storable; mark 'Tile' [Storable] (or call StorableTypes.Allow)"),
            Fixable(2, 1, "Tile", "IShape", " in 'Floor.Main'"));

    [Fact]
    public async Task Fix_marks_a_type_declared_in_another_document_with_the_name_that_finds_the_attribute_there()
    {
        var test = new CSharpCodeFixTest<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        const string Worker = """
            using ProxyStore;

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Proxy<Shapes.IShape>({|#0:new Shapes.Tile()|});
                    store.Proxy<Shapes.IShape>({|#2:new Shapes.Inner.Disc()|});
                    store.Proxy<Shapes.IShape>({|#4:new ProxyStore.Samples.Ring()|});
                }
            }
            """;
        test.TestState.Sources.Add(("/0/Worker.cs", Worker));
        test.TestState.Sources.Add(("/0/Shapes.cs", """
            namespace Shapes
            {
                public interface IShape { }

                public class {|#1:Tile|} : IShape { }
            }

            namespace Shapes.Inner
            {
                using ProxyStore;

                public class {|#3:Disc|} : IShape { }
            }

            namespace ProxyStore.Samples
            {
                public class {|#5:Ring|} : Shapes.IShape { }
            }
            """));
        test.FixedState.Sources.Add(("/0/Worker.cs", Worker.Replace("{|#0:", "").Replace("{|#2:", "").Replace("{|#4:", "").Replace("|}", "")));
        test.FixedState.Sources.Add(("/0/Shapes.cs", """
            namespace Shapes
            {
                public interface IShape { }

                [ProxyStore.Storable]
                public class Tile : IShape { }
            }

            namespace Shapes.Inner
            {
                using ProxyStore;

                [Storable]
                public class Disc : IShape { }
            }

            namespace ProxyStore.Samples
            {
                [Storable]
                public class Ring : Shapes.IShape { }
            }
            """));
        test.TestState.AdditionalReferences.AddRange(Verify.References);
        test.FixedState.AdditionalReferences.AddRange(Verify.References);
        test.ExpectedDiagnostics.AddRange(
        [
            Fixable(0, 1, "Tile", "IShape"),
            Fixable(2, 3, "Disc", "IShape"),
            Fixable(4, 5, "Ring", "IShape"),
        ]);
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_qualifies_the_attribute_from_global_when_a_namespace_hides_ProxyStore()
    {
        const string Source = """
            namespace Shop.ProxyStore
            {
                public static class Nothing { }
            }

            namespace Shop
            {
                public interface IShape { }

                public class {|#1:Tile|} : IShape { }

                public static class Worker
                {
                    public static void Run(global::ProxyStore.Store store) => store.Put({|#0:(IShape)new Tile()|});
                }
            }
            """;
        await Verify.CodeFixAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            Source,
            Source.Replace("{|#0:", "").Replace("{|#1:", "").Replace("|}", "").Replace("    public class Tile", "    [global::ProxyStore.Storable]\n    public class Tile"),
            fixAllIterations: null,
            Fixable(0, 1, "Tile", "IShape"));
    }

    [Fact]
    public async Task No_fix_is_offered_for_a_type_of_a_library_or_a_member_whose_type_lists_its_own_derived_types()
    {
        const string Source = """
            using System.Text.Json.Serialization;
            using ProxyStore;

            [JsonDerivedType(typeof(Star), "star")]
            public interface IFigure { }

            public sealed class Star : IFigure { }

            public sealed class Moon : IFigure { }

            public class Sky { public IFigure Figure { get; set; } }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Put({|#0:(object)new System.Collections.ArrayList()|});
                    store.Put(new Sky { Figure = {|#1:new Moon()|} });
                }
            }
            """;
        await Verify.CodeFixAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            Source,
            Source,
            fixAllIterations: null,
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(0)
                .WithArguments("ArrayList", "object", string.Empty, "it is not declared storable; if stored bytes may create it, call StorableTypes.Allow<ArrayList>()"),
            Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(1)
                .WithArguments("Moon", "IFigure", " in 'Sky.Figure'", "'IFigure' lists the types it holds with [JsonDerivedType], and 'Moon' is not one of them; add [JsonDerivedType(typeof(Moon))] to 'IFigure'"));
    }
}
