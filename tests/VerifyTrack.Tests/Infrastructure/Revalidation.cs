using System.Net.Http.Headers;

namespace VerifyTrack.Tests.Infrastructure;

public static class Revalidation
{
    /// <summary>A GET as a cache holding the body with this ETag sends it, to ask whether that body is still current.</summary>
    public static Task<HttpResponseMessage> GetIfNoneMatchAsync(this HttpClient client, string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request);
    }
}
