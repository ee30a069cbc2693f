from django.urls import path

from .views import public, staff

app_name = "liaison"
urlpatterns = [
    # public (no account)
    path("opinion/", public.opinion_submit, name="opinion_submit"),
    path("opinion/qr/<str:kind>/<int:pk>/", public.opinion_submit, name="opinion_submit_qr"),
    path("captcha.svg", public.captcha_image, name="captcha"),
    path("track/", public.opinion_track, name="opinion_track"),
    path("qr/station/<int:pk>.svg", public.station_qr, name="station_qr"),
    path("qr/deputy/<int:pk>.svg", public.deputy_qr, name="deputy_qr"),
    path("qr/<str:kind>/<int:pk>/poster/", public.qr_poster, name="qr_poster"),
    path("public/stations/", public.public_station_list, name="public_station_list"),
    path("public/stations/<int:pk>/", public.public_station_detail, name="public_station_detail"),
    # staff, keepers, deputies, units
    path("stations/", staff.station_list, name="station_list"),
    path("stations/<int:pk>/", staff.station_detail, name="station_detail"),
    path("my-station/", staff.my_station, name="my_station"),
    path("days/", staff.calendar, name="calendar"),
    path("days/<int:pk>/<str:action>/", staff.day_act, name="day_act"),
    path("my-duty/", staff.my_duty, name="my_duty"),
    path("receptions/", staff.reception_list, name="reception_list"),
    path("receptions/new/", staff.reception_create, name="reception_create"),
    path("opinions/", staff.opinion_list, name="opinion_list"),
    path("opinions/<int:pk>/", staff.opinion_detail, name="opinion_detail"),
    path("opinions/register/", staff.opinion_register, name="opinion_register"),
    path("settings/", staff.settings_edit, name="settings"),
    path("unit/", staff.unit_list, name="unit_list"),
    path("unit/<int:pk>/", staff.unit_detail, name="unit_detail"),
    path("stats/", staff.stats, name="stats"),
]
