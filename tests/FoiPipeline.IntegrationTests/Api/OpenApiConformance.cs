using System.Text.Json;
using FoiPipeline.Api;
using Xunit;

namespace FoiPipeline.IntegrationTests.Api;

/// <summary>
/// Checks a real answer against the schema the OpenAPI document gives for it: no property the document does not
/// declare, every required property present, the declared JSON kinds, enums and nullability. The subset of
/// OpenAPI 3.0 schema the document uses ($ref, allOf of one, nullable, object, array, string, integer, number, boolean).
/// </summary>
internal static class OpenApiConformance
{
    private static readonly JsonElement Document = JsonDocument.Parse(OpenApiDocument.Json).RootElement.Clone();

    /// <summary>The schema of the answer to <paramref name="method"/> <paramref name="route"/> (as the document writes the path) with <paramref name="status"/>.</summary>
    public static JsonElement ResponseSchema(string method, string route, int status)
    {
        var operation = Document.GetProperty("paths").GetProperty(route).GetProperty(method.ToLowerInvariant());
        var response = operation.GetProperty("responses").GetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (response.TryGetProperty("$ref", out var shared))
        {
            response = Resolve(shared.GetString()!);
        }

        return response.GetProperty("content").EnumerateObject().Single().Value.GetProperty("schema");
    }

    public static void AssertMatches(JsonElement value, JsonElement schema, string where = "$")
    {
        schema = Unwrap(schema);
        if (value.ValueKind == JsonValueKind.Null)
        {
            Assert.True(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean(), $"{where} is null, but the document does not allow null there");
            return;
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            Assert.Contains(value.GetString(), values.EnumerateArray().Select(v => v.GetString()));
        }

        var type = schema.TryGetProperty("type", out var declared) ? declared.GetString() : schema.TryGetProperty("properties", out _) ? "object" : null;
        switch (type)
        {
            case "object":
                Assert.True(value.ValueKind == JsonValueKind.Object, $"{where} should be an object, is {value.ValueKind}");
                AssertObject(value, schema, where);
                break;
            case "array":
                Assert.True(value.ValueKind == JsonValueKind.Array, $"{where} should be an array, is {value.ValueKind}");
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    AssertMatches(item, schema.GetProperty("items"), $"{where}[{i++}]");
                }

                break;
            case "string":
                Assert.True(value.ValueKind == JsonValueKind.String, $"{where} should be a string, is {value.ValueKind}");
                break;
            case "integer" or "number":
                Assert.True(value.ValueKind == JsonValueKind.Number, $"{where} should be a number, is {value.ValueKind}");
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{where} should be true or false, is {value.ValueKind}");
                break;
        }
    }

    private static void AssertObject(JsonElement value, JsonElement schema, string where)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                Assert.True(value.TryGetProperty(name, out _), $"{where}.{name} is required by the document but missing from the answer");
            }
        }

        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : default;
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                AssertMatches(property.Value, propertySchema, $"{where}.{property.Name}");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                AssertMatches(property.Value, additional, $"{where}.{property.Name}");
            }
            else
            {
                Assert.True(additional.ValueKind == JsonValueKind.True, $"{where}.{property.Name} is in the answer but not in the document");
            }
        }
    }

    /// <summary>Follows $ref, and allOf with one member (how the document makes a referenced schema nullable), keeping nullable.</summary>
    private static JsonElement Unwrap(JsonElement schema)
    {
        var nullable = schema.TryGetProperty("nullable", out var flag) && flag.GetBoolean();
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return WithNullable(Unwrap(Resolve(reference.GetString()!)), nullable);
        }

        if (schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1)
        {
            return WithNullable(Unwrap(all[0]), nullable);
        }

        return schema;
    }

    private static JsonElement WithNullable(JsonElement schema, bool nullable)
    {
        if (!nullable || (schema.TryGetProperty("nullable", out var flag) && flag.GetBoolean()))
        {
            return schema;
        }

        var copy = System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText())!.AsObject();
        copy["nullable"] = true;
        return JsonSerializer.SerializeToElement(copy);
    }

    private static JsonElement Resolve(string reference)
    {
        var node = Document;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            node = node.GetProperty(part);
        }

        return node;
    }
}
