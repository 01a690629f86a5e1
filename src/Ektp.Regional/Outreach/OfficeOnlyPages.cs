using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Outreach;

/// <summary>
/// The outreach and planning pages belong to the office: a field kit only records, and a list or a session made on its
/// registry copy would never reach the office. On a kit these pages answer 404, like their API.
/// </summary>
internal sealed class OfficeOnlyPages : IPageFilter
{
    public static void Add(RazorPagesOptions options)
    {
        options.Conventions.AddFolderApplicationModelConvention("/Outreach", m => m.Filters.Add(new OfficeOnlyPages()));
        options.Conventions.AddFolderApplicationModelConvention("/Planning", m => m.Filters.Add(new OfficeOnlyPages()));
    }

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HttpContext.RequestServices.GetRequiredService<RegionalSettings>().IsFieldKit)
        {
            context.Result = new NotFoundResult();
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
