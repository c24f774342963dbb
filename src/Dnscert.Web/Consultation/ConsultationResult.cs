namespace Dnscert.Web.Consultation;

/// <summary>What a comment, stance or closing did: an HTTP-like status (200, 400 invalid, 403 not allowed, 404, 409 closed) and a sentence for the user.</summary>
public sealed record ConsultationResult(int Status, string Message)
{
    public bool Succeeded => Status == 200;
}
