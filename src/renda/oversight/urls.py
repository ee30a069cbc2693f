from . import urls_filings, urls_opinions, urls_plans, urls_reports

app_name = "oversight"

# Each area owns its path prefix: opinions/ ratings/ rectifications/ (opinions); plans/ inspections/
# inquiries/ interpellations/ investigations/ evaluations/ (plans); reports/ matters/ (reports);
# filings/ appointments/ (filings).
urlpatterns = [
    *urls_opinions.urlpatterns,
    *urls_plans.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_filings.urlpatterns,
]
