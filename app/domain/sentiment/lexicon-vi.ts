// Vietnamese sentiment lexicon, hand-curated for customer and community talk (reviews, support posts, feedback).
// Multi-syllable words are phrases ("hài lòng", "thất vọng") and are matched longest first. Values are magnitudes on
// the −4…+4 scale; the sign comes from the table. Every phrase is also matched written without diacritics
// (single syllables only where the toneless spelling is unambiguous, see AMBIGUOUS_TONELESS).
import { type LexiconEntry, pairs, table } from "./lexicon-types";

const POSITIVE = table(`
tốt=2; tốt đẹp=2.2; tốt bụng=2; tốt tính=1.8; khá tốt=1.6; tạm tốt=0.8
tuyệt=3; tuyệt vời=3.2; tuyệt hảo=3.2; tuyệt cú mèo=3; tuyệt diệu=3; kỳ diệu=2.5; tuyệt đẹp=3
xuất sắc=3; hoàn hảo=3; hoàn mỹ=3; lý tưởng=2; vượt trội=2.2; vượt mong đợi=2.8; ngoài mong đợi=2.5; ấn tượng=2
hay=1.8; thú vị=2; hấp dẫn=2; lôi cuốn=2; cuốn hút=2; thu hút=1.5; lý thú=2; bổ ích=2.2; hữu ích=2; có ích=1.8
hài lòng=2.2; ưng ý=2; vừa ý=1.8; vừa lòng=1.8; mãn nguyện=2.2; thỏa mãn=1.8; như ý=1.5
vui=1.8; vui vẻ=2; vui tính=2; vui nhộn=1.8; hài hước=1.8; dí dỏm=1.8; hạnh phúc=2.5; sung sướng=2.5
phấn khởi=2; hào hứng=2; hứng thú=1.8; háo hức=1.8; thích=1.8; thích thú=2; yêu thích=2.2; yêu=2.2; mến=1.8
quý mến=2; yêu quý=2.2; ngưỡng mộ=2.2; khâm phục=2.2; nể phục=2; thán phục=2.2; tôn trọng=1.5; trân trọng=1.5
nhiệt tình=2; nhiệt huyết=2.2; nhiệt tâm=2; tận tình=2.2; tận tâm=2.2; tận tụy=2.2; tận tụi=2.2; chu đáo=2; chỉn chu=2
chuyên nghiệp=2.2; thân thiện=2; thân thiết=1.5; dễ thương=2; đáng yêu=2.2; dễ gần=1.8; gần gũi=1.8; hòa đồng=1.8
cởi mở=1.5; dễ tính=1.2; hiền=1.2; hiền lành=1.5; tử tế=2; lịch sự=1.8; lễ phép=1.5; niềm nở=2; nhã nhặn=1.8
chân thành=1.5; dễ hiểu=2; dễ tiếp thu=2; dễ nắm bắt=1.8; dễ dàng=1.2; dễ sử dụng=2; dễ dùng=2; rõ ràng=1.5; rõ=0.8
mạch lạc=1.8; súc tích=1.5; xúc tích=1.5; ngắn gọn=1; cặn kẽ=1.8; chi tiết=1; kỹ=1; kĩ=1; kỹ càng=1.5; kĩ càng=1.5
kỹ lưỡng=1.5; kĩ lưỡng=1.5; cẩn thận=1.2; tỉ mỉ=1.3; thiết thực=1.5; thực tế=0.6; sinh động=1.8; sôi nổi=1.8
năng động=1.8; sáng tạo=1.8; hiệu quả=1.8; nhanh chóng=1.5; kịp thời=1.8; nhanh gọn=1.8; mau lẹ=1.5; tiện lợi=1.8
thuận tiện=1.5; tiện=1; ổn=1; ổn định=1.2; ổn áp=1.2; tạm ổn=0.5; ok=1.2; oke=1.2; okie=1.2; okela=1.5
đẹp=2; xinh=1.8; đẹp trai=1.8; xinh đẹp=2; dễ nhìn=1.2; sạch=1.2; sạch sẽ=1.8; gọn gàng=1.5; ngăn nắp=1.5
thoáng mát=1.5; mát mẻ=1.3; thoáng=1; thoải mái=1.8; dễ chịu=1.8; an toàn=1.3; yên tâm=1.8; an tâm=1.8
tin tưởng=1.8; đáng tin=1.8; đáng tin cậy=2; uy tín=2; chất lượng=0.6; chất lượng cao=2.2; giá rẻ=1.2; rẻ=1
giá tốt=1.8; hợp lý=1.2; phải chăng=1; đáng tiền=2.2; đáng đồng tiền=2.2; đáng giá=1.8; xứng đáng=1.8; tiết kiệm=1
giỏi=2; tài giỏi=2.2; tài năng=2; thông minh=1.8; uyên bác=2; am hiểu=1.5; hiểu biết=1.2; sâu sắc=1.8; sâu rộng=1.5
tâm huyết=2.2; có tâm=2; tâm lý=0.8; tích cực=1.5; chăm chỉ=1.5; siêng năng=1.5; chịu khó=1.5; đúng giờ=1.2
đúng hẹn=1.5; chính xác=1.2; chuẩn=1.2; chuẩn xác=1.5; đầy đủ=1.2; phong phú=1.5; đa dạng=1.2; mới mẻ=1.2
hiện đại=1.2; tiên tiến=1.2; mượt=1.5; mượt mà=1.8; nhẹ nhàng=1.2; êm=1; ngon=2; ngon lành=2; xịn=2; xịn xò=2
đỉnh=2.2; đỉnh cao=2.5; bá đạo=2; chất phát ngất=2.5; truyền cảm hứng=2.2; cảm hứng=1.5; tạo động lực=1.8; động lực=1
khích lệ=1.5; động viên=1.5; giúp đỡ=1.5; giúp=0.8; quan tâm=1.5; chăm sóc=1.2; lắng nghe=1.2; giải đáp=0.8
tiến bộ=1.5; thành công=2; may mắn=1.8; vui mừng=2.2; mừng=1.5; yêu đời=2; bình yên=1.5; an lành=1.5
thông thoáng=1.2; rộng rãi=1.2; tiện nghi=1.5; đầy đủ tiện nghi=2; chắc chắn=0.8; bền=1.5; bền bỉ=1.8; chắc tay=1
nhanh nhẹn=1.5; linh hoạt=1.5; tinh tế=1.8; hài hòa=1.5; sang trọng=1.8; lộng lẫy=2; hoành tráng=2; đáng nhớ=1.8
đáng học=1.5; đáng xem=1.8; đáng mua=2; đáng thử=1.5; nên mua=1.8; rất đáng=1.8; hợp tác=1; tận tâm tận lực=2.5
sẵn lòng=1.5; sẵn sàng giúp đỡ=2; kiên nhẫn=1.5; nhẫn nại=1.5; bao dung=1.5; công bằng=1.5; minh bạch=1.5
trung thực=1.5; chính trực=1.5; đáng khen=2.5; đáng tuyên dương=2.5; nhiệt liệt=2; hết mình=2; say mê=1.8; đam mê=1.5
tâm đắc=2; thấm=1; dễ vào đầu=1.8; dễ nhớ=1.2; vững=1; vững chắc=1.2; vững vàng=1.5; nhạy bén=1.5; sắc sảo=1.8
phù hợp=1.2; thích hợp=1.2; cần thiết=0.8; truyền cảm=1.8; sát thực tế=1.5; sát với thực tế=1.5; mê=1.2; ghiền=1.2; nghiện=0.8; ưng=1.5; like=1.2; good=2; nice=2; great=2.5; perfect=3; cool=1.5
`);

/** Strong praise and outcomes of a support case; shown as "(praise)". */
const PRAISE = table(`
5 sao=2.5; năm sao=2.5; 10 điểm=2.5; mười điểm=2.5; điểm 10=2.5; đáng đồng tiền bát gạo=2.8; không chê vào đâu được=3
khen=1.8; lời khen=1.8; khen ngợi=2; khen hết lời=3; ủng hộ=1.5; sẽ ủng hộ=2.2; sẽ quay lại=2.2; sẽ mua lại=2.2
giới thiệu cho bạn bè=2; recommend=2; đã giải quyết=1.5; được giải quyết=1.2; giải quyết nhanh=2.2; xử lý nhanh=2
phản hồi nhanh=2; hỗ trợ nhanh=2; trả lời nhanh=1.8; giao hàng nhanh=2; giao nhanh=1.8; đóng gói cẩn thận=2
hỗ trợ nhiệt tình=2.5; hỗ trợ tận tình=2.5; phục vụ tốt=2.5; dịch vụ tốt=2.5; tư vấn nhiệt tình=2.5; đúng mô tả=1.8
như hình=1.5; giống hình=1.5; hàng đẹp=2; hàng tốt=2; chạy mượt=2; mạng mạnh=1.5; sóng khỏe=1.5; đã sửa được=1.8
hoạt động tốt=2; dùng tốt=2; dùng ổn=1.5; ngon bổ rẻ=2.5
`);

const THANKS = table(`
cảm ơn=1.8; cám ơn=1.8; cảm ơn nhiều=2.2; cảm ơn rất nhiều=2.5; xin cảm ơn=1.8; biết ơn=2; cảm kích=2; tri ân=2
thank=1.5; thanks=1.8; thank you=2; tks=1.5; thks=1.5; thanks nhiều=2; cảm ơn trước=0.5; cảm ơn bạn trước=0.5
`);

const NEGATIVE = table(`
tệ=2.5; tồi=2.5; tồi tệ=3; tệ hại=3; tệ nhất=3.2; dở=2; dở tệ=3; dở ẹc=2.5; kém=2; yếu kém=2.2; kém cỏi=2.2
kém chất lượng=2.8; chất lượng kém=2.8; chán=2; chán nản=2.2; nhàm chán=2.2; nhàm=1.5; buồn ngủ=1.5; buồn tẻ=2
tẻ nhạt=2; khô khan=1.5; khô cứng=1.5; đơn điệu=1.5; thất vọng=2.8; vỡ mộng=2.5; bực=2; bực mình=2.2
bực bội=2.2; bực tức=2.5; tức=1.5; tức giận=2.5; giận=2; cáu=2; khó chịu=2.2; phiền=1.5; phiền phức=1.8
phiền toái=1.8; rắc rối=1.8; phức tạp=1.2; lộn xộn=1.8; rối=1.2; rối rắm=1.5; lằng nhằng=1.5; ồn=1.2; ồn ào=1.5
bẩn=2; dơ=2; hôi=2; xấu=2; xấu xí=2; tởm=3; ghê tởm=3; kinh tởm=3; ghét=2.5; căm ghét=3; đáng ghét=2.5
kinh khủng=2.8; khủng khiếp=3; kinh dị=2; tồi tàn=2.5; xuống cấp=2; cũ kỹ=1.2; cũ kĩ=1.2; lạc hậu=1.5
lỗi thời=1.5; lỗi=1.5; bị lỗi=2; hỏng=2; hư=1.5; hư hỏng=2; hỏng hóc=2; trục trặc=2; sự cố=1.8; vô dụng=2.5
vô ích=2; vô trách nhiệm=2.8; tắc trách=2.5; cẩu thả=2.5; ẩu=2; làm ẩu=2.5; qua loa=2; sơ sài=2
hời hợt=2; lan man=1.8; dài dòng=1.5; lê thê=1.5; vòng vo=1.5; vòng vèo=1.5; mơ hồ=1.5; mập mờ=1.8; lang mang=1.5
khó hiểu=2; khó gần=1.8; khó tiếp thu=2; khó nghe=1.8; khó theo kịp=1.8; khó=1.2; khó khăn=1.5; vất vả=1.5; mệt=1.5; mệt mỏi=2
căng thẳng=1.8; áp lực=1.5; nặng nề=1.5; quá tải=2; stress=1.8; chậm=1.5; chậm chạp=2; chậm trễ=2; trễ=1.5
muộn=1.2; trễ hẹn=2.2; lỡ hẹn=2; thất hứa=2.5; đi trễ=1.8; về sớm=1.2; trì hoãn=1.8; lề mề=2; rườm rà=1.8
bất tiện=1.8; khó sử dụng=2; khó dùng=2; đắt=1.5; đắt đỏ=1.8; chặt chém=2.5; lãng phí=2; phí tiền=2.2
tốn tiền=1.2; mất tiền=2; mất thời gian=2; tốn thời gian=1.8; phí thời gian=2.2; lừa đảo=3.2; lừa=2.5
lừa gạt=3; gian lận=3; gian dối=3; dối trá=3; lật lọng=3; ăn cắp=3; ăn chặn=3; hàng giả=3; hàng nhái=2.5
giả mạo=2.8; đểu=2.5; cùi=2; cùi bắp=2.2; rác=2.2; rác rưởi=2.8; thô lỗ=2.8; hỗn=2.2; hỗn láo=2.8; láo=2.5
vô lễ=2.5; bất lịch sự=2.5; coi thường=2.5; khinh thường=2.5; thờ ơ=2; hờ hững=2; lạnh lùng=1.5; lạnh nhạt=1.8
cáu gắt=2.5; gắt gỏng=2.5; gắt=1.5; quát tháo=2.5; la mắng=2.2; mắng=1.8; chửi=2.5; xúc phạm=3
khó tính=1.2; nóng tính=1.8; khắt khe=1.2; nghiêm khắc=0.5; áp đặt=1.8; thiên vị=2; bất công=2.5; vô lý=2.2
phi lý=2.2; lười=2; lười biếng=2.2; bỏ bê=2.2; nghèo nàn=2; hạn chế=1.2; nhược điểm=1.5; khuyết điểm=1.5
điểm yếu=1.2; thiếu sót=1.8; sai=1.5; sai sót=1.8; nhầm lẫn=1.5; nhầm=1.2; hoang mang=1.8; bối rối=1.3
lo lắng=1.5; sợ=1.8; đáng sợ=2.2; nguy hiểm=2; buồn=2; tiếc=1.5; đáng tiếc=2; tiếc nuối=1.5; hối hận=2.5
khổ=2; khổ sở=2.2; đau đầu=2; đau=1.5; bó tay=2; chịu không nổi=2.5; chán ghét=2.8; bức xúc=2.5; phẫn nộ=3
uất ức=2.5; tố cáo=2.5; tẩy chay=2.8; tránh xa=2.5; nhảm=2; nhảm nhí=2.5; vớ vẩn=2.2; linh tinh=1.2
tào lao=2; ngu=2.5; ngu ngốc=2.8; ngốc=2; điên=2; chết tiệt=3; giảm sút=1.5; sa sút=2; đuối=1.5; yếu=1.2
nóng=0.8; nóng bức=1.5; ngột ngạt=1.8; bí bách=1.8; chật=1.2; chật chội=1.5; nhếch nhác=2; luộm thuộm=2
nhàn nhạt=1; nhạt=1.2; nhạt nhẽo=2; vô vị=1.8; ngán=1.8; ngao ngán=2.2; ngán ngẩm=2.2; oải=1.5; uể oải=1.5
chảnh=1.8; kiêu ngạo=2; kiêu căng=2; hách dịch=2.5; cửa quyền=2.5; quan liêu=2; vô cảm=2.5; bỏ rơi=2.5
đùn đẩy=2.5; né tránh=2; lừa dối=3; thất bại=2.2; tồi tệ nhất=3.5; tệ quá=3; dở quá=2.5; không ra gì=2.5
không ra sao=2.2; thảm hại=3; thảm họa=3; tai hại=2.5; tai tiếng=2; tiêu cực=1.8; bất ổn=1.8; hoảng=1.8
rủi ro=1.2; nguy=1.5; gây khó dễ=2.2; khó dễ=2; làm khó=2; hành hạ=2.5; trù dập=2.8; đì=1.5; quá sức=1.5; bất cập=2; bất hợp lý=2;  tràn lan=1.5; vắng mặt=1.2
nước đổ đầu vịt=2.5; nước đổ lá khoai=2.5; cưỡi ngựa xem hoa=2; đầu voi đuôi chuột=2.5; treo đầu dê bán thịt chó=3
ăn cháo đá bát=2.5; qua cầu rút ván=2.5; tiền mất tật mang=3; của rẻ là của ôi=1.5; làm màu=1.5
mất cảm tình=2.2; mất lòng tin=2.8; mất uy tín=2.8; bad=2; terrible=3; boring=2
`);

/** Topics of a support complaint: negation does not flip them ("chưa được hoàn tiền" is still a complaint). */
const COMPLAINT = table(`
hoàn tiền=1.5; đòi tiền=2; đòi lại tiền=2.2; trả lại tiền=1.5; trừ tiền=1.5; bị trừ tiền=2.2; trừ tiền hai lần=3
trừ tiền 2 lần=3; trừ 2 lần=2.8; trừ hai lần=2.8; tính tiền hai lần=3; tính tiền 2 lần=3; thu tiền hai lần=3
thu tiền 2 lần=3; bị trừ=1.5; phí ẩn=2.5; thu phí vô lý=2.8; tính cước sai=2.5; sai cước=2.5; cước cao=2
mất mạng=2.5; mất sóng=2.2; mất kết nối=2.2; rớt mạng=2.5; mạng chập chờn=2.5; chập chờn=2; mạng lag=2.2
lag=2; giật lag=2.2; bị giật=1.5; đơ=1.8; treo máy=2; bị treo=2; sập=2; sập mạng=2.5; sập web=2.5; mất điện=2
cúp điện=2; cúp mạng=2.5; mạng yếu=2; sóng yếu=2; mạng chậm=2.2; wifi chậm=2.2; không vào được=2.5
không truy cập được=2.5; không đăng nhập được=2.5; không kết nối được=2.5; không liên lạc được=2.2
không nghe máy=2.2; không ai nghe máy=2.5; không ai trả lời=2.5; không ai hỗ trợ=2.5; chưa nhận được=2
chưa được giải quyết=2.5; chưa giải quyết=2.2; chờ mãi=2; đợi mãi=2; chờ lâu=2; đợi lâu=2; chờ đợi=1
chờ hoài=2; đợi hoài=2; chờ cả tuần=2.5; đợi cả tuần=2.5; mấy ngày rồi=1.5; mấy hôm rồi=1.5; cả tuần rồi=1.8
chờ=0.6; đợi=0.6; tổng đài viên thô lỗ=3; nhân viên thô lỗ=3; thái độ=0.5; thái độ kém=2.8; phục vụ kém=2.8
giao hàng chậm=2.2; giao chậm=2; giao nhầm=2.2; giao thiếu=2.2; giao sai=2.2; hàng lỗi=2.5; hàng hỏng=2.5
bể=1.5; vỡ=1.5; móp méo=2; bị hack=2.5; mất tài khoản=2.5; bị khóa=1.5; khóa tài khoản=1.5; spam=1.8
quảng cáo rác=2.2; làm phiền=2; gọi làm phiền=2.5; tự động gia hạn=1.5; hủy dịch vụ=1.5; hủy đơn=1
báo lỗi=1.5; lỗi hệ thống=2.2; quá hạn=1.5; trễ hạn=2; thất lạc=2.2; mất hàng=2.5; khiếu nại=2; phàn nàn=1.8
đổi trả=1; bảo hành=0.5; sửa mãi=2; sửa hoài=2; lỗi hoài=2.5; lỗi mãi=2.5; bị lỗi hoài=2.5; không hoàn tiền=2.5
`);

/**
 * Requests and suggestions ("nên…", "cần…", "mong…"): in a support forum a request for improvement is mild
 * dissatisfaction, so they are weak negative cues that positive or neutral evidence outweighs (see ADR 007).
 */
const REQUEST = table(`
nên=1.2; không nên=1.2; chẳng nên=1.2; nên có=1.2; cần=0.6; cần phải=1.2; cần có=1.2; cần thêm=1.2
mong=1.2; mong muốn=1.2; mong rằng=1.2; mong là=1.2; hy vọng=0.8; hi vọng=0.8; đề nghị=1.2; yêu cầu=0.6
đề xuất=1; kiến nghị=1.2; góp ý=0.6; giá như=1.2; ước gì=1; giá mà=1.2; cải thiện=0.8; cải tiến=0.8
khắc phục=0.8; bổ sung=0.5; bổ sung thêm=1; nâng cấp=0.8; điều chỉnh=0.8; tăng thêm=1; nhiều hơn=0.6
hơn nữa=0.6; kỹ hơn=0.8; kĩ hơn=0.8; chi tiết hơn=0.8; cụ thể hơn=0.8; rõ ràng hơn=0.6; rõ hơn=0.5
nhanh hơn=0.6; xin hãy=0.6; làm ơn=0.6; vui lòng=0.3; hãy=0.3; xem lại=0.8; thêm nhiều=0.6; cho thêm=0.6
trang bị thêm=1; đầu tư thêm=1; thay đổi=0.5
`);

/** Neutral alone, negative when negated: actions a customer expects ("không hỗ trợ", "chưa trả lời"). */
const EXPECTED = table(
  `
hoạt động=1.8; chạy=1.5; vào được=2; nhận được=1.8; nhận=1.2; trả lời=1.8; phản hồi=1.8; liên lạc=1.5
kết nối=1.8; giải quyết=2; xử lý=1.8; giao=1.2; giao hàng=1.5; hiểu=1.2; theo kịp=1.5; đúng=1.2; đủ=1.2
kịp=1.2; tập trung=1; chú ý=1; thông báo=1.2; hướng dẫn=1.2; giải thích=1.2; hỗ trợ=1.5; đáp ứng=1.5; công bố=1; đảm bảo=1.2; cung cấp=1; đạt=1.2; giải đáp=1.5; truyền đạt=1.5
kiểm soát=1; báo trước=1.2; cập nhật=1; hoàn thành=1.2; làm được=1.2; cần thiết=1.5
chấp nhận=1.2; liên quan=0.6; giữ lời=2; sửa=1.2; sửa được=1.5; dùng được=1.8; sử dụng được=1.8; được việc=1.5
load=1.5; tải=1; lên lớp=1; đi học=0.8; quan tâm=1.5; nhiệt tình=2.2; hài lòng=2.4; tập trung vào=1
gọi được=1.8; gọi điện được=1.8; nghe được=1.5; gửi được=1.8; nhắn tin được=1.8; nhắn được=1.5; tải được=1.8
thanh toán được=1.8; nạp tiền được=1.8; nạp được=1.5; lên mạng=1.8; lên mạng được=2; truy cập được=2; mở được=1.8
cài được=1.8; cài đặt được=1.8; đăng ký được=1.8; kích hoạt được=1.8; xem được=1.5; bắt được sóng=2; bắt sóng=1.5
`,
  1,
);

/** Negators; `=v` is what a negator contributes when nothing follows it ("chưa được." → −1). */
const NEGATORS = table(`
không=0; chẳng=0; chả=0; chưa=0; đâu có=0; không hề=0; chẳng hề=0; chưa hề=0; chả hề=0; không bao giờ=0
chẳng bao giờ=0; chưa bao giờ=0; chưa từng=0; không còn=0; chẳng còn=0; đừng=0; chớ=0; đừng có=0; xin đừng=0
không được=-1
chưa được=-1.2; chẳng được=-1; không có=-0.4; chẳng có=-0.5; chả có=-0.5; chưa có=-0.5; thiếu=-1.2
không thể=-0.8; chẳng thể=-0.8; không phải=0; chẳng phải=0; chưa thấy=-0.3; không thấy=-0.3; không đủ=-1.2
`);

/** Phrases whose words would otherwise be read as negation or sentiment; they contribute only their value. */
const BLOCKS = table(`
không sao=0.3; không có gì=0.3; không vấn đề gì=0.3; không có vấn đề gì=0.3; không thành vấn đề=0.3
không ý kiến=0; không có ý kiến=0; không có ý kiến gì=0; chưa biết=0; không biết=0; không những=0; không chỉ=0
chẳng những=0; không ít=0; không ngừng=0.5; không khỏi=0; hay không=0; hay là=0; có hay không=0; hay chưa=0
không lâu=0; chẳng mấy chốc=0; không bao lâu=0; quý khách=0; xin chào=0; chào bạn=0; vui lòng cho=0
tạm được=0.4; cũng được=0.5; được lắm=1.8; rất được=1.5; không tệ=1; chẳng tệ=1; không tồi=1.2; không chê=1.5
không chê được=2; không có gì để chê=2.5; không phàn nàn=1.2; chưa đủ=-1; hết ý=2.5; hết sẩy=2.5; không đùa=0
không lỗi=1; khỏi chê=2.5; không còn gì để nói=0; đỡ mệt=0.5; đỡ hơn=0.8; không gian=0; không khí=0.3
không cần thiết=-1.2; bao quát=0.5; khái quát=0; tổng quát=0.3; chưa kể=0; đặc biệt là=0; sửa lỗi=0.5; khắc phục lỗi=0.3; cho nên=0; vì vậy nên=0; vì thế nên=0; do đó nên=0; nên mới=0; xin lỗi=0; tức là=0
// Compounds that contain a sentiment syllable but mean something neutral.
tốt nghiệp=0; kỹ năng=0; kĩ năng=0; kỹ thuật=0; kĩ thuật=0; kỹ sư=0; kĩ sư=0; chuẩn bị=0; tiêu chuẩn=0
chuẩn mực=0.5; phương tiện=0; tiện ích=0.5; thực hành=0; chủ yếu=0; tiền tệ=0; bể bơi=0; hay là=0
thoáng qua=0; đau khổ=-2.2; lỗi lầm=-1.8; vui lòng=-0.3
`);

const IMPERATIVE = new Set(["đừng", "chớ", "đừng có", "xin đừng", "đừng nên"]);

const PRE = table(`
rất=1.3; rất là=1.3; quá=1.4; quá là=1.4; cực=1.5; cực kỳ=1.6; cực kì=1.6; vô cùng=1.5; hết sức=1.4
thật=1.2; thật sự=1.3; thực sự=1.3; siêu=1.5; khá=0.9; khá là=0.9; hơi=0.65; hơi bị=1.3; tương đối=0.8
đặc biệt=1.2; hoàn toàn=1.3; cực độ=1.6; quá trời=1.5; cũng khá=0.85; có vẻ=0.8; hơi hơi=0.6; khá ư là=1.2
tuyệt đối=1.4; càng ngày càng=1.3; ngày càng=1.2; vô cùng là=1.5; thiệt=1.2; thiệt là=1.3; rất rất=1.6
`);

const POST = table(`
lắm=1.4; quá=1.4; cực=1.5; cực kỳ=1.6; cực kì=1.6; vô cùng=1.5; thật=1.2; ghê=1.3; quá trời=1.5
dã man=1.5; kinh khủng=1.5; khủng khiếp=1.5; nhất=1.4; luôn=1.1; quá đi=1.5; xỉu=1.3; hết sức=1.4
thế=1.1; thật sự=1.2; cực độ=1.6; hết nấc=1.6; hết cỡ=1.5; quá xá=1.5; vãi=1.4; vl=1.4; vcl=1.5
`);

/** Degree words that are neutral alone but a complaint after "quá" / "hơi" ("quá nhiều", "hơi nhanh"). */
const EXCESS = `nhiều; ít; nhanh; dài; ngắn; nặng; cao; thấp; sớm; đông; nhỏ; to; lớn; rộng; hẹp; lạnh; gấp; vội
căng; xa; lâu; nhỏ nhẹ; nhanh quá; dày; mỏng; mắc; rộng quá; đắt quá; chật quá; ồn quá; nóng quá; tải; tốn`;

/** Purpose and wish: what follows in the clause is hoped for, not the case ("để sinh viên dễ hiểu", "muốn có…"). */
const IRREALIS = `để; nhằm; để mà; muốn; giá mà thì`;

const CONTRAST_BUT = `nhưng; nhưng mà; tuy nhiên; có điều; thế nhưng; vậy mà; thế mà; dù vậy; dẫu vậy; tuy vậy
ngược lại; mỗi tội; chỉ tiếc là; tiếc là; chỉ có điều; nhưng lại`;
const CONTRAST_ALTHOUGH = `tuy; tuy là; mặc dù; mặc dầu; dù; dẫu; dẫu cho; dù cho; cho dù; mặc dù là`;

/** Single syllables whose toneless spelling is another common word: matched only with their diacritics. */
export const AMBIGUOUS_TONELESS = new Set(
  `te do so ban chan buon met kem ngu yeu mat re cham loi gioi on sach nong de hai lua ung mong can dau kho lo
to tai nhat dai hon tien cao gap xa long nhieu tham sao ve doi cho ha hu vo hay chat dung du nhan chay sua sap
be toi hoi cau roi tiec dien ngoc duoi ngan hanh di dinh mung ben hien au luoi muon dat lao quat mang deu cha
nhung em me xin`.split(/\s+/),
);

function entries(): LexiconEntry[] {
  const out: LexiconEntry[] = [];
  const add = (e: Omit<LexiconEntry, "lang">) => out.push({ ...e, lang: "vi" });
  for (const [phrase, v] of POSITIVE)
    add({ phrase, valence: v, cat: "positive", predicative: phrase === "hay" });
  for (const [phrase, v] of PRAISE) add({ phrase, valence: v, cat: "praise" });
  for (const [phrase, v] of THANKS) add({ phrase, valence: v, cat: "thanks" });
  for (const [phrase, v] of NEGATIVE) add({ phrase, valence: -v, cat: "negative" });
  for (const [phrase, v] of COMPLAINT) add({ phrase, valence: -v, cat: "complaint", fixed: true });
  for (const [phrase, v] of REQUEST) add({ phrase, valence: -v, cat: "request", fixed: true });
  for (const [phrase, v] of EXPECTED) add({ phrase, whenNegated: -v });
  for (const [phrase, v] of NEGATORS)
    add({ phrase, negator: true, alone: v, imperative: IMPERATIVE.has(phrase) });
  for (const [phrase, v] of BLOCKS)
    add({ phrase, block: true, valence: v, cat: v >= 0 ? "positive" : "negative" });
  for (const [phrase, v] of PRE)
    add({ phrase, pre: v, excessTrigger: phrase.startsWith("quá") || phrase.startsWith("hơi") });
  for (const [phrase, v] of POST) add({ phrase, post: v });
  for (const [phrase] of table(EXCESS)) add({ phrase, excess: true });
  for (const [phrase] of table(IRREALIS)) add({ phrase, irrealis: true });
  for (const [phrase] of table(CONTRAST_BUT)) add({ phrase, contrast: "but" });
  for (const [phrase] of table(CONTRAST_ALTHOUGH)) add({ phrase, contrast: "although" });
  return out;
}

export const VI_ENTRIES: readonly LexiconEntry[] = entries();

/** Chat spellings and abbreviations, rewritten before matching (only in text that is not English). */
export const VI_ALIASES = new Map<string, string>(
  pairs(`
ko=không; k=không; kg=không; khg=không; kh=không; hok=không; hông=không; hem=không; khum=không; hong=không
kô=không; kp=không phải; dc=được; đc=được; dk=được; đk=được; j=gì; ng=người; bt=bình thường
cx=cũng; cg=cũng; r=rồi; vs=với; thik=thích; iu=yêu; nhìu=nhiều; wa=quá; wá=quá; qá=quá
ntn=như thế nào; mn=mọi người; mng=mọi người; sp=sản phẩm; nv=nhân viên; mik=mình; mk=mình
cmon=cảm ơn; camon=cảm ơn; thjk=thích; zui=vui; dzui=vui; bùn=buồn; hum=hôm
`),
);

/** Common Vietnamese function words (toneless) used to recognise Vietnamese written without diacritics. */
export const VI_FUNCTION_WORDS = new Set(
  `khong la va cua duoc nhung rat qua thi nay cho toi minh em anh chi ban roi da dang se voi cac mot nguoi khi neu vi
nen lam gi sao cung con nua ma thay co chua day do nao vay the nhe a oi ah u ko dc k j vs ntn bao gio luc nhieu it hon
nhat cung chung tui tao may ho chuc cam on xin chao ad shop sp nv mk mik hok hong ghe lam qua bi bay tu den ve ra vao
tren duoi trong ngoai sau truoc moi tung viec cai con chiec thoi tam duoc roi nhe nha nhi`.split(/\s+/),
);
