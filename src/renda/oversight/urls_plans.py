"""Pages of the oversight area `plans` (mounted by ``oversight/urls.py``)."""

from django.urls import path

from . import views_plans as v

# (url prefix, kind code, url-name prefix)
_RECORDS = [
    ("plans", "plan", "plan"),
    ("inspections", "inspection", "inspection"),
    ("inquiries", "inquiry", "inquiry"),
    ("interpellations", "interpellation", "interpellation"),
    ("investigations", "investigation", "investigation"),
    ("evaluations", "evaluation", "evaluation"),
]

urlpatterns: list = [
    path("plans/public/", v.plan_public_list, name="plan_public_list"),
    path("plans/public/<int:pk>/", v.plan_public_detail, name="plan_public_detail"),
    path("plans/<int:pk>/summary.docx", v.plan_summary, name="plan_summary"),
    path("evaluations/mine/", v.evaluation_mine, name="evaluation_mine"),
    path("rectifications/", v.rectification_list, name="rectification_list"),
]
for prefix, kind, name in _RECORDS:
    urlpatterns += [
        path(f"{prefix}/", v.record_list, {"kind_code": kind}, name=f"{name}_list"),
        path(f"{prefix}/new/", v.record_create, {"kind_code": kind}, name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", v.record_detail, {"kind_code": kind}, name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/do/<slug:code>/", v.record_act, {"kind_code": kind}, name=f"{name}_act"),
    ]
