from django.urls import path

from . import views

app_name = "expenses"

urlpatterns = [
    path("", views.expense_list, name="list"),
    path("export/", views.export, name="export"),
    path("<int:expense_id>/approve/", views.approve, name="approve"),
    path("<int:expense_id>/reject/", views.reject, name="reject"),
    path("<int:expense_id>/approve-over/", views.approve_over, name="approve_over"),
    path("<int:expense_id>/pay/", views.pay, name="pay"),
    path("<int:expense_id>/receipt/", views.receipt, name="receipt"),
]
