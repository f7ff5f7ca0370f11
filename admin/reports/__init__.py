"""Reports page of the manager's app: tables, charts, XLSX and PDF exports."""
