// Draws the coverage charts from the same figures as the tables beside them
// (read from a JSON data block: no inline script). Chart.js is vendored.
const source = document.getElementById("coverage-chart-data");

function draw(id, type, series, label) {
  const canvas = document.getElementById(id);
  if (!canvas || !window.Chart || !series || !series.labels.length) return;
  new window.Chart(canvas, {
    type,
    data: {
      labels: series.labels,
      datasets: [
        {
          label,
          data: series.values,
          backgroundColor: "#1d70b8",
          borderColor: "#0b3a6e",
          borderWidth: 2,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: { legend: { display: false } },
    },
  });
}

if (source) {
  const data = JSON.parse(source.textContent);
  draw("trend-chart", "line", data.trend, "Completed (%)");
  draw("areas-chart", "bar", data.areas, "Completed (%)");
}
