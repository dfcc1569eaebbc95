namespace Qhml.MLNet.Tests.Data;

/// <summary>Small tidy-layout files: 3 cell lines (file order not sorted) x 3 genes, 2 drugs,
/// and one response for a cell line without expression.</summary>
internal static class TidyFixture
{
    public const string Expression =
        "depmap_id,BCL2,TP53,EGFR\r\n" +
        "ACH-000003,1.5,-0.25,2\r\n" +
        "ACH-000001,-1,0.5,1e-1\r\n" +
        "\r\n" +
        "ACH-000002,0,3.25,-2.5\r\n";

    // Extra column (note, with a quoted comma) and columns in another order: both must be tolerated.
    public const string Response =
        "drug_name,depmap_id,LN_IC50,note\n" +
        "Venetoclax,ACH-000001,-2.5,\"a, quoted note\"\n" +
        "Venetoclax,ACH-000003,1.25,\n" +
        "Venetoclax,ACH-000009,4,no expression\n" +
        "Navitoclax,ACH-000002,0.75,\n" +
        "Navitoclax,ACH-000001,-0.5,\n" +
        "Navitoclax,ACH-000003,2,\n";

    public static string WriteFolder(TempDataFolder folder, string expression = Expression, string response = Response)
    {
        folder.Write("expression.csv", expression);
        folder.Write("response.csv", response);
        return folder.Path;
    }
}
