namespace Dnscert.Reports.Statistics;

/// <summary>
/// DAAR-style rate of one TLD for one month: the median over the month's days (those inside the period) of the
/// daily number of affected domains per 10,000 domains of the TLD.
/// </summary>
public sealed record MonthlyRate(string Tld, int Year, int Month, long TldSize, int Days, double MedianAffected, double MedianPer10k);
